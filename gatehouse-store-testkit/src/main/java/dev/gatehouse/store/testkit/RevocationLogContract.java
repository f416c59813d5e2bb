package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RevocationLog} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 *
 * <p>Verifiers follow the log by sequence number, so the suite insists on what they rely on: the
 * first entry is 1, numbers only grow, also under concurrent appends, and a number is never handed
 * out twice, not even after the entries holding the highest ones were deleted. Numbers need not
 * be dense, but they must become visible in order: a follower that has read up to some number
 * must never find a smaller one appearing later, or it would skip it.
 */
public abstract class RevocationLogContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    /** The longest access-token lifetime, after which an entry may be forgotten. */
    private static final Duration TTL = Duration.ofMinutes(15);

    private Stores stores;
    private RevocationLog log;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        log = stores.revocations();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    /** Revokes session {@code s-n} {@code n} seconds after T0. */
    private Revocation revokeSession(int n) {
        Instant at = T0.plusSeconds(n);
        return log.append(RevocationKind.SESSION, "s-" + n, at, at.plus(TTL));
    }

    private List<Revocation> appendAll(int count) {
        List<Revocation> appended = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            appended.add(revokeSession(n));
        }
        return appended;
    }

    @Test
    void the_first_entry_gets_sequence_number_one_and_keeps_every_field() {
        Revocation appended = log.append(RevocationKind.ACCOUNT, "acc-Émile", T0, T0.plus(TTL));

        assertThat(appended).isEqualTo(new Revocation(1, RevocationKind.ACCOUNT, "acc-Émile", T0, T0.plus(TTL)));
        assertThat(log.after(0, 10)).containsExactly(appended);
    }

    @Test
    void every_kind_is_stored_as_itself() {
        for (RevocationKind kind : RevocationKind.values()) {
            log.append(kind, "same-id", T0, T0.plus(TTL));
        }

        assertThat(log.after(0, 10)).extracting(Revocation::kind).containsExactly(RevocationKind.values());
    }

    @Test
    void sequence_numbers_increase_strictly_in_append_order() {
        List<Revocation> appended = appendAll(5);

        assertThat(appended).extracting(Revocation::seq).isSorted().doesNotHaveDuplicates().allMatch(seq -> seq > 0);
        assertThat(appended.get(0).seq()).isEqualTo(1);
    }

    @Test
    void entries_after_a_sequence_number_are_listed_oldest_first() {
        List<Revocation> appended = appendAll(5);

        assertThat(log.after(0, 10)).containsExactlyElementsOf(appended);
        assertThat(log.after(appended.get(1).seq(), 10)).containsExactlyElementsOf(appended.subList(2, 5));
        assertThat(log.after(appended.get(4).seq(), 10)).isEmpty();
    }

    @Test
    void a_long_log_is_read_in_pages_without_gaps_or_repeats() {
        List<Revocation> appended = appendAll(25);

        List<Revocation> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        long cursor = 0;
        for (List<Revocation> page = log.after(cursor, 10); !page.isEmpty(); page = log.after(cursor, 10)) {
            pageSizes.add(page.size());
            read.addAll(page);
            cursor = page.get(page.size() - 1).seq();
        }

        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(read).containsExactlyElementsOf(appended);
    }

    @Test
    void a_page_holds_at_most_the_limit() {
        List<Revocation> appended = appendAll(3);

        assertThat(log.after(0, 1)).containsExactly(appended.get(0));
        assertThat(log.after(0, 1000)).hasSize(3);
    }

    @Test
    void a_limit_outside_one_to_a_thousand_is_refused() {
        appendAll(1);

        for (int limit : new int[] {0, -1, 1001, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> log.after(0, limit)).as("limit " + limit)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 1000");
        }
    }

    @Test
    void find_returns_the_newest_entry_for_a_kind_and_id() {
        log.append(RevocationKind.ACCOUNT, "acc-1", T0, T0.plus(TTL));
        Revocation newer = log.append(RevocationKind.ACCOUNT, "acc-1", T0.plusSeconds(5), T0.plusSeconds(5).plus(TTL));
        log.append(RevocationKind.ACCOUNT, "acc-2", T0.plusSeconds(6), T0.plusSeconds(6).plus(TTL));

        assertThat(log.find(RevocationKind.ACCOUNT, "acc-1", T0.plusSeconds(10))).contains(newer);
    }

    @Test
    void find_tells_kinds_and_ids_apart() {
        Revocation session = log.append(RevocationKind.SESSION, "x-1", T0, T0.plus(TTL));

        assertThat(log.find(RevocationKind.SESSION, "x-1", T0)).contains(session);
        assertThat(log.find(RevocationKind.TOKEN, "x-1", T0)).isEmpty();
        assertThat(log.find(RevocationKind.ACCOUNT, "x-1", T0)).isEmpty();
        assertThat(log.find(RevocationKind.SESSION, "x-2", T0)).isEmpty();
        assertThat(log.find(RevocationKind.SESSION, "X-1", T0)).isEmpty();
    }

    @Test
    void find_ignores_entries_that_are_forgettable_at_now() {
        Revocation entry = log.append(RevocationKind.TOKEN, "jti-1", T0, T0.plus(TTL));

        assertThat(log.find(RevocationKind.TOKEN, "jti-1", T0.plus(TTL).minusMillis(1))).contains(entry);
        assertThat(log.find(RevocationKind.TOKEN, "jti-1", T0.plus(TTL))).isEmpty();
        assertThat(log.find(RevocationKind.TOKEN, "jti-1", T0.plus(TTL).plusMillis(1))).isEmpty();
    }

    @Test
    void find_skips_a_newer_forgettable_entry_for_an_older_one_still_in_force() {
        Revocation longLived = log.append(RevocationKind.ACCOUNT, "acc-1", T0, T0.plus(Duration.ofHours(1)));
        log.append(RevocationKind.ACCOUNT, "acc-1", T0.plusSeconds(1), T0.plusSeconds(2));

        assertThat(log.find(RevocationKind.ACCOUNT, "acc-1", T0.plusSeconds(3))).contains(longLived);
    }

    @Test
    void the_last_sequence_number_is_zero_for_an_empty_log_and_then_the_newest() {
        assertThat(log.lastSeq()).isZero();

        List<Revocation> appended = appendAll(3);

        assertThat(log.lastSeq()).isEqualTo(appended.get(2).seq());
    }

    @Test
    void deleting_forgotten_entries_removes_only_those_whose_time_has_come() {
        Instant now = T0.plus(Duration.ofHours(1));
        log.append(RevocationKind.SESSION, "passed", T0, now.minusMillis(1));
        Revocation kept = log.append(RevocationKind.SESSION, "kept", T0, now.plusMillis(1));
        log.append(RevocationKind.SESSION, "ends-now", T0, now);
        Revocation keptToo = log.append(RevocationKind.TOKEN, "kept-too", T0, now.plus(TTL));

        assertThat(log.deleteForgotten(now)).isEqualTo(2);

        assertThat(log.after(0, 10)).containsExactly(kept, keptToo);
        assertThat(log.deleteForgotten(now)).isZero();
    }

    @Test
    void deleting_from_an_empty_log_deletes_nothing() {
        assertThat(log.deleteForgotten(T0)).isZero();
        assertThat(log.lastSeq()).isZero();
    }

    @Test
    void sequence_numbers_are_never_reused_after_the_newest_entries_were_deleted() {
        List<Revocation> appended = appendAll(3);
        long highest = appended.get(2).seq();

        assertThat(log.deleteForgotten(T0.plus(Duration.ofDays(1)))).isEqualTo(3);

        assertThat(log.lastSeq()).isEqualTo(highest);
        assertThat(log.after(0, 10)).isEmpty();
        Revocation next = revokeSession(4);
        assertThat(next.seq()).isGreaterThan(highest);
        assertThat(log.after(highest, 10)).containsExactly(next);
        assertThat(log.lastSeq()).isEqualTo(next.seq());
    }

    @Test
    void concurrent_appends_all_get_distinct_sequence_numbers_in_the_order_they_are_listed() {
        List<Concurrently.Outcome<Revocation>> outcomes = Concurrently.run(i ->
                () -> log.append(RevocationKind.SESSION, "s-" + i, T0, T0.plus(TTL)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<Revocation> appended = outcomes.stream().map(Concurrently.Outcome::result)
                .sorted(Comparator.comparingLong(Revocation::seq)).toList();
        assertThat(appended).extracting(Revocation::seq).doesNotHaveDuplicates().allMatch(seq -> seq > 0);
        assertThat(appended).extracting(Revocation::id).doesNotHaveDuplicates().hasSize(Concurrently.THREADS);
        assertThat(log.after(0, 1000)).containsExactlyElementsOf(appended);
        assertThat(log.lastSeq()).isEqualTo(appended.get(appended.size() - 1).seq());
    }

    @Test
    void a_follower_reading_while_others_append_misses_no_entry() throws Exception {
        int perThread = 10;
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicReference<Throwable> followerFailure = new AtomicReference<>();
        List<Revocation> followed = new ArrayList<>();
        Thread follower = Thread.ofPlatform().name("follower").start(() -> {
            try {
                long cursor = 0;
                boolean more = true;
                while (more) {
                    // Read the flag before draining: once it is false, every append has returned,
                    // so this drain is the last one needed.
                    more = appending.get();
                    for (List<Revocation> page = log.after(cursor, 1000); !page.isEmpty();
                         page = log.after(cursor, 1000)) {
                        followed.addAll(page);
                        cursor = page.getLast().seq();
                    }
                }
            } catch (Throwable t) {
                followerFailure.set(t);
            }
        });

        List<Concurrently.Outcome<Void>> outcomes = Concurrently.run(i -> () -> {
            for (int n = 0; n < perThread; n++) {
                log.append(RevocationKind.SESSION, "s-" + i + "-" + n, T0, T0.plus(TTL));
            }
            return null;
        });
        appending.set(false);
        follower.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(followerFailure.get()).isNull();
        assertThat(follower.isAlive()).as("follower still reading after 60 s").isFalse();
        List<Revocation> all = log.after(0, 1000);
        assertThat(all).hasSize(Concurrently.THREADS * perThread);
        assertThat(followed).as("what the follower read while appends went on").containsExactlyElementsOf(all);
    }
}
