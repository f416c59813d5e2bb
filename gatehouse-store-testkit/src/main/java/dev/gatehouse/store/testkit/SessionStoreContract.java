package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionCursor;
import dev.gatehouse.core.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 *
 * <p>Sessions belong to accounts, and a backend may insist that the account exists (a foreign
 * key), so the suite creates the accounts {@value #ALICE} and {@value #BOB} through the same
 * {@link Stores} before each test. A backend that keeps sessions apart from accounts can put the
 * in-memory account store beside its session store.
 */
public abstract class SessionStoreContract {

    protected static final String ALICE = "acc-alice";
    protected static final String BOB = "acc-bob";

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(12);

    private Stores stores;
    private SessionStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.sessions();
        for (String id : List.of(ALICE, BOB)) {
            stores.accounts().create(new Account(id, id, id, "$hash", Set.of(), false, T0));
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    /** A live session of {@code accountId}, created {@code minutes} after T0, on the usual deadlines. */
    private static Session session(String id, String accountId, int minutes) {
        Instant created = T0.plus(Duration.ofMinutes(minutes));
        return session(id, accountId, created, created.plus(IDLE), created.plus(ABSOLUTE));
    }

    private static Session session(String id, String accountId, Instant created, Instant idle, Instant absolute) {
        return new Session(id, accountId, "hash-" + id, "web", created, created, idle, absolute,
                new Device("Mozilla/5.0 (X11; Linux x86_64)", "192.0.2.7"), null, null);
    }

    /** Every active session of an account, as one large page. */
    private List<Session> active(String accountId, Instant now) {
        return store.listActive(accountId, now, null, 1000);
    }

    private List<String> activeIds(String accountId, Instant now) {
        return active(accountId, now).stream().map(Session::id).toList();
    }

    @Test
    void a_created_session_is_found_by_id_with_every_field_intact() {
        Session session = new Session("s-1", ALICE, "ab".repeat(32), "mobile-app", T0, T0.plusMillis(1),
                T0.plus(IDLE), T0.plus(ABSOLUTE), new Device("Gatehouse/1.0 (Ünïcödé)", "2001:db8::1"), null, null);

        store.create(session);

        Session found = store.findById("s-1").orElseThrow();
        assertThat(found).isEqualTo(session);
        assertThat(found.tokenHash()).isEqualTo("ab".repeat(32));
        assertThat(found.device()).isEqualTo(new Device("Gatehouse/1.0 (Ünïcödé)", "2001:db8::1"));
        assertThat(found.revokedAt()).isNull();
        assertThat(found.revokeReason()).isNull();
    }

    @Test
    void a_store_that_answers_is_reachable_with_or_without_sessions() {
        store.checkReachable();
        store.create(session("s-1", ALICE, 0));

        store.checkReachable();
    }

    @Test
    void a_created_session_is_found_by_its_token_hash() {
        Session session = session("s-1", ALICE, 0);
        store.create(session);

        assertThat(store.findByTokenHash("hash-s-1")).contains(session);
    }

    @Test
    void a_session_with_an_unknown_device_keeps_it_unknown() {
        Session session = new Session("s-1", ALICE, "hash-1", "web", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE),
                Device.UNKNOWN, null, null);
        store.create(session);

        assertThat(store.findById("s-1").orElseThrow().device()).isEqualTo(Device.UNKNOWN);
    }

    @Test
    void sessions_without_a_token_are_stored_and_several_may_coexist() {
        Session first = new Session("s-1", ALICE, null, "api", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE), null, null, null);
        Session second = new Session("s-2", ALICE, null, "api", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE), null, null, null);

        store.create(first);
        store.create(second);

        assertThat(store.findById("s-1")).contains(first);
        assertThat(store.findById("s-2")).contains(second);
    }

    @Test
    void looking_up_an_unknown_id_or_token_hash_finds_nothing() {
        store.create(session("s-1", ALICE, 0));

        assertThat(store.findById("s-2")).isEmpty();
        assertThat(store.findByTokenHash("hash-s-2")).isEmpty();
        assertThat(store.findByTokenHash("HASH-S-1")).isEmpty();
    }

    @Test
    void a_session_id_can_be_used_only_once() {
        Session first = session("s-1", ALICE, 0);
        store.create(first);
        Session again = new Session("s-1", BOB, "other-hash", "web", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE), null, null, null);

        assertThatThrownBy(() -> store.create(again)).isInstanceOf(IllegalStateException.class);

        assertThat(store.findById("s-1")).contains(first);
        assertThat(store.findByTokenHash("other-hash")).isEmpty();
    }

    @Test
    void a_token_hash_can_belong_to_only_one_session() {
        Session first = session("s-1", ALICE, 0);
        store.create(first);
        Session sameToken = new Session("s-2", BOB, "hash-s-1", "web", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE), null, null, null);

        assertThatThrownBy(() -> store.create(sameToken))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hash-s-1"));

        assertThat(store.findById("s-2")).isEmpty();
        assertThat(store.findByTokenHash("hash-s-1")).contains(first);
    }

    @Test
    void active_sessions_are_listed_newest_first() {
        store.create(session("s-middle", ALICE, 10));
        store.create(session("s-oldest", ALICE, 0));
        store.create(session("s-newest", ALICE, 20));

        assertThat(active(ALICE, T0.plus(Duration.ofMinutes(21))))
                .extracting(Session::id)
                .containsExactly("s-newest", "s-middle", "s-oldest");
    }

    @Test
    void listed_sessions_carry_every_field() {
        Session session = session("s-1", ALICE, 0);
        store.create(session);

        assertThat(active(ALICE, T0)).containsExactly(session);
    }

    @Test
    void an_account_without_sessions_lists_none() {
        store.create(session("s-1", BOB, 0));

        assertThat(active(ALICE, T0)).isEmpty();
        assertThat(active("acc-unknown", T0)).isEmpty();
    }

    @Test
    void revoked_sessions_are_not_listed_as_active() {
        store.create(session("s-1", ALICE, 0));
        store.create(session("s-2", ALICE, 1));
        store.revoke("s-2", T0.plus(Duration.ofMinutes(2)), RevokeReason.SIGN_OUT);

        assertThat(active(ALICE, T0.plus(Duration.ofMinutes(3)))).extracting(Session::id).containsExactly("s-1");
    }

    @Test
    void sessions_past_either_deadline_are_not_listed_as_active() {
        Instant now = T0.plus(Duration.ofHours(1));
        store.create(session("live", ALICE, T0, now.plusMillis(1), now.plus(ABSOLUTE)));
        store.create(session("idle-passed", ALICE, T0, now.minusMillis(1), now.plus(ABSOLUTE)));
        store.create(session("idle-ends-now", ALICE, T0, now, now.plus(ABSOLUTE)));
        store.create(session("absolute-passed", ALICE, T0, now.plus(IDLE), now.minusMillis(1)));
        store.create(session("absolute-ends-now", ALICE, T0, now.plus(IDLE), now));

        assertThat(active(ALICE, now)).extracting(Session::id).containsExactly("live");
    }

    @Test
    void sessions_of_other_accounts_are_not_listed() {
        store.create(session("s-alice", ALICE, 0));
        store.create(session("s-bob", BOB, 1));

        assertThat(active(ALICE, T0.plus(Duration.ofMinutes(2)))).extracting(Session::id).containsExactly("s-alice");
        assertThat(active(BOB, T0.plus(Duration.ofMinutes(2)))).extracting(Session::id).containsExactly("s-bob");
    }

    @Test
    void pages_of_active_sessions_follow_each_other_newest_first_each_session_once() {
        for (int i = 0; i < 7; i++) {
            store.create(session("s-" + i, ALICE, i));
        }
        store.create(session("s-bob", BOB, 3));
        Instant now = T0.plus(Duration.ofMinutes(10));

        List<Session> first = store.listActive(ALICE, now, null, 3);
        List<Session> second = store.listActive(ALICE, now, SessionCursor.after(first.getLast()), 3);
        List<Session> third = store.listActive(ALICE, now, SessionCursor.after(second.getLast()), 3);

        assertThat(first).extracting(Session::id).containsExactly("s-6", "s-5", "s-4");
        assertThat(second).extracting(Session::id).containsExactly("s-3", "s-2", "s-1");
        assertThat(third).extracting(Session::id).containsExactly("s-0");
        assertThat(store.listActive(ALICE, now, SessionCursor.after(third.getLast()), 3)).isEmpty();
        assertThat(first.getFirst()).isEqualTo(session("s-6", ALICE, 6));
    }

    @Test
    void sessions_started_in_the_same_millisecond_are_ordered_by_id_descending_across_pages() {
        for (String id : List.of("s-b", "s-e", "s-a", "s-d", "s-c")) {
            store.create(session(id, ALICE, 1));
        }
        store.create(session("s-later", ALICE, 2));
        store.create(session("s-earlier", ALICE, 0));
        Instant now = T0.plus(Duration.ofMinutes(3));

        List<String> seen = new ArrayList<>();
        SessionCursor cursor = null;
        for (int page = 0; page < 10; page++) {
            List<Session> found = store.listActive(ALICE, now, cursor, 2);
            assertThat(found).hasSizeLessThanOrEqualTo(2);
            found.forEach(s -> seen.add(s.id()));
            if (found.size() < 2) {
                break;
            }
            cursor = SessionCursor.after(found.getLast());
        }

        assertThat(seen).containsExactly("s-later", "s-e", "s-d", "s-c", "s-b", "s-a", "s-earlier");
        assertThat(activeIds(ALICE, now)).isEqualTo(seen);
    }

    @Test
    void a_page_skips_revoked_and_expired_sessions_and_still_fills_up() {
        for (int i = 0; i < 10; i++) {
            store.create(session("s-" + i, ALICE, i));
        }
        for (int i = 3; i < 9; i++) {
            store.revoke("s-" + i, T0.plus(Duration.ofMinutes(10)), RevokeReason.SIGN_OUT);
        }
        // s-0 idled out: created at T0, its idle deadline passed
        Instant now = T0.plus(IDLE).plusMillis(1);

        assertThat(store.listActive(ALICE, now, null, 3)).extracting(Session::id).containsExactly("s-9", "s-2", "s-1");
        assertThat(store.listActive(ALICE, now, new SessionCursor(T0.plus(Duration.ofMinutes(9)), "s-9"), 3))
                .extracting(Session::id).containsExactly("s-2", "s-1");
    }

    @Test
    void a_cursor_of_a_session_that_has_since_ended_still_marks_the_place() {
        for (int i = 0; i < 4; i++) {
            store.create(session("s-" + i, ALICE, i));
        }
        Instant now = T0.plus(Duration.ofMinutes(5));
        List<Session> first = store.listActive(ALICE, now, null, 2);
        store.revoke(first.getLast().id(), now, RevokeReason.SIGN_OUT);

        assertThat(store.listActive(ALICE, now, SessionCursor.after(first.getLast()), 2))
                .extracting(Session::id).containsExactly("s-1", "s-0");
    }

    @Test
    void revoking_beyond_a_limit_ends_the_oldest_active_sessions_and_returns_their_ids() {
        for (int i = 0; i < 6; i++) {
            store.create(session("s-" + i, ALICE, i));
        }
        Session bobs = session("s-bob", BOB, 0);
        store.create(bobs);
        store.revoke("s-4", T0.plus(Duration.ofMinutes(6)), RevokeReason.SIGN_OUT);
        Instant at = T0.plus(Duration.ofMinutes(7));

        assertThat(store.revokeBeyond(ALICE, 3, 100, at, RevokeReason.SESSION_LIMIT)).containsExactlyInAnyOrder("s-1", "s-0");

        assertThat(activeIds(ALICE, at)).containsExactly("s-5", "s-3", "s-2");
        assertThat(store.findById("s-0").orElseThrow().revokeReason()).isEqualTo(RevokeReason.SESSION_LIMIT);
        assertThat(store.findById("s-1").orElseThrow().revokedAt()).isEqualTo(at);
        assertThat(store.findById("s-4").orElseThrow().revokeReason()).isEqualTo(RevokeReason.SIGN_OUT);
        assertThat(store.findById("s-bob")).contains(bobs);
        assertThat(store.revokeBeyond(ALICE, 3, 100, at, RevokeReason.SESSION_LIMIT)).isEmpty();
        assertThat(store.revokeBeyond("acc-unknown", 1, 100, at, RevokeReason.SESSION_LIMIT)).isEmpty();
    }

    @Test
    void revoking_beyond_a_limit_ends_at_most_so_many_the_oldest_first() {
        for (int i = 0; i < 8; i++) {
            store.create(session("s-" + i, ALICE, i));
        }
        Instant at = T0.plus(Duration.ofMinutes(9));

        assertThat(store.revokeBeyond(ALICE, 2, 3, at, RevokeReason.SESSION_LIMIT)).containsExactlyInAnyOrder("s-0", "s-1", "s-2");
        assertThat(activeIds(ALICE, at)).containsExactly("s-7", "s-6", "s-5", "s-4", "s-3");
        assertThat(store.revokeBeyond(ALICE, 2, 3, at, RevokeReason.SESSION_LIMIT)).containsExactlyInAnyOrder("s-3", "s-4", "s-5");
        assertThat(store.revokeBeyond(ALICE, 2, 3, at, RevokeReason.SESSION_LIMIT)).isEmpty();
        assertThat(activeIds(ALICE, at)).containsExactly("s-7", "s-6");
    }

    @Test
    void revoking_beyond_a_limit_neither_counts_nor_touches_expired_sessions() {
        store.create(session("s-old", ALICE, 0));
        store.create(session("s-1", ALICE, 40));
        store.create(session("s-2", ALICE, 41));
        Instant at = T0.plus(IDLE).plusSeconds(1); // s-old has idled out

        assertThat(store.revokeBeyond(ALICE, 2, 100, at, RevokeReason.SESSION_LIMIT)).isEmpty();
        assertThat(store.findById("s-old").orElseThrow().isRevoked()).isFalse();
        assertThat(store.revokeBeyond(ALICE, 1, 100, at, RevokeReason.SESSION_LIMIT)).containsExactly("s-1");
    }

    @Test
    void sign_ins_racing_on_one_account_each_trim_and_end_at_the_limit_with_the_newest_sessions() {
        int keep = 3;

        List<Concurrently.Outcome<List<String>>> outcomes = Concurrently.run(i -> () -> {
            Session mine = session("s-" + i, ALICE, i);
            store.create(mine);
            return store.revokeBeyond(ALICE, keep, 100, mine.createdAt(), RevokeReason.SESSION_LIMIT);
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<String> claimed = outcomes.stream().flatMap(o -> o.result().stream()).toList();
        int n = outcomes.size();
        List<String> newest = IntStream.range(n - keep, n).mapToObj(i -> "s-" + i).toList().reversed();
        Instant after = T0.plus(Duration.ofMinutes(n));
        assertThat(activeIds(ALICE, after)).containsExactlyElementsOf(newest);
        // every other session was revoked by exactly one of the racers
        assertThat(claimed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n - keep).mapToObj(i -> "s-" + i).toList());
    }

    @Test
    void touching_a_session_moves_last_used_and_the_idle_deadline_only() {
        Session session = session("s-1", ALICE, 0);
        store.create(session);
        Instant used = T0.plus(Duration.ofMinutes(5));

        assertThat(store.touch("s-1", used, used.plus(IDLE))).isTrue();

        assertThat(store.findById("s-1")).contains(session.touched(used, used.plus(IDLE)));
    }

    @Test
    void touching_a_session_keeps_it_active_past_its_old_idle_deadline() {
        store.create(session("s-1", ALICE, 0));
        Instant used = T0.plus(Duration.ofMinutes(29));
        store.touch("s-1", used, used.plus(IDLE));

        Instant afterOldDeadline = T0.plus(IDLE).plusMillis(1);
        assertThat(active(ALICE, afterOldDeadline)).extracting(Session::id).containsExactly("s-1");
        assertThat(store.deleteExpired(afterOldDeadline)).isZero();
        assertThat(store.findById("s-1")).isPresent();
    }

    @Test
    void touching_never_extends_a_session_past_its_absolute_deadline() {
        Instant absolute = T0.plus(Duration.ofMinutes(40));
        store.create(session("s-1", ALICE, T0, T0.plus(IDLE), absolute));
        Instant used = T0.plus(Duration.ofMinutes(20));
        store.touch("s-1", used, used.plus(IDLE));

        assertThat(active(ALICE, absolute.minusMillis(1))).hasSize(1);
        assertThat(active(ALICE, absolute)).isEmpty();
        assertThat(store.deleteExpired(absolute)).isEqualTo(1);
        assertThat(store.findById("s-1")).isEmpty();
    }

    @Test
    void a_token_session_keeps_its_audience_and_scope() {
        Session granted = new Session("s-1", ALICE, null, "mobile", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE),
                new Device("app/1.0", "192.0.2.9"), null, null, "api", "read write");
        store.create(granted);
        assertThat(store.findById("s-1")).contains(granted);
        store.revoke("s-1", T0.plusSeconds(1), RevokeReason.SIGN_OUT);
        assertThat(store.findById("s-1")).contains(granted.revoked(T0.plusSeconds(1), RevokeReason.SIGN_OUT));
    }

    @Test
    void what_a_session_proved_and_when_is_kept_by_every_lookup() {
        Authentications proof = Authentications.of(AuthMethod.PASSWORD, T0)
                .plus(AuthMethod.TOTP, T0.plusMillis(12_345));
        Session proved = new Session("s-1", ALICE, "hash-s-1", "web", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE),
                new Device("app/1.0", "192.0.2.9"), null, null, null, null, proof);
        store.create(proved);

        assertThat(store.findById("s-1").orElseThrow().authentications()).isEqualTo(proof);
        assertThat(store.findByTokenHash("hash-s-1").orElseThrow().authentications()).isEqualTo(proof);
        assertThat(active(ALICE, T0)).singleElement().extracting(Session::authentications).isEqualTo(proof);
        assertThat(store.findById("s-1").orElseThrow().authentications().amr()).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void a_touched_or_revoked_session_keeps_what_it_proved() {
        Authentications proof = Authentications.of(AuthMethod.PASSWORD, T0)
                .plus(AuthMethod.SYNCED_PASSKEY, T0.plusSeconds(5));
        store.create(new Session("s-1", ALICE, "hash-s-1", "web", T0, T0, T0.plus(IDLE), T0.plus(ABSOLUTE),
                Device.UNKNOWN, null, null, null, null, proof));

        store.touch("s-1", T0.plusSeconds(60), T0.plusSeconds(60).plus(IDLE));
        assertThat(store.findById("s-1").orElseThrow().authentications()).isEqualTo(proof);
        store.revoke("s-1", T0.plusSeconds(61), RevokeReason.SIGN_OUT);
        assertThat(store.findById("s-1").orElseThrow().authentications()).isEqualTo(proof);
    }

    @Test
    void a_session_created_without_methods_reads_as_proved_by_a_password_at_its_start() {
        store.create(session("s-1", ALICE, 0));

        assertThat(store.findById("s-1").orElseThrow().authentications())
                .isEqualTo(Authentications.of(AuthMethod.PASSWORD, T0));
    }

    @Test
    void touching_an_expired_session_does_not_revive_it() {
        store.create(session("s-1", ALICE, 0));
        Instant late = T0.plus(IDLE).plusMillis(1);

        assertThat(store.touch("s-1", late, late.plus(IDLE))).isFalse();

        assertThat(active(ALICE, late)).isEmpty();
        assertThat(store.deleteExpired(late)).isEqualTo(1);
    }

    @Test
    void touching_a_missing_session_returns_false() {
        assertThat(store.touch("s-404", T0, T0.plus(IDLE))).isFalse();
        assertThat(store.findById("s-404")).isEmpty();
    }

    @Test
    void touching_a_revoked_session_does_not_revive_it() {
        store.create(session("s-1", ALICE, 0));
        Instant revokedAt = T0.plus(Duration.ofMinutes(1));
        store.revoke("s-1", revokedAt, RevokeReason.SIGN_OUT);
        Session revoked = store.findById("s-1").orElseThrow();

        Instant used = T0.plus(Duration.ofMinutes(2));
        assertThat(store.touch("s-1", used, used.plus(IDLE))).isFalse();

        assertThat(store.findById("s-1")).contains(revoked);
        assertThat(active(ALICE, used)).isEmpty();
    }

    @Test
    void revoking_a_session_records_when_and_why_and_keeps_it_findable() {
        Session session = session("s-1", ALICE, 0);
        store.create(session);
        Instant at = T0.plus(Duration.ofMinutes(3));

        assertThat(store.revoke("s-1", at, RevokeReason.REVOKED_BY_ADMIN)).isTrue();

        Session revoked = session.revoked(at, RevokeReason.REVOKED_BY_ADMIN);
        assertThat(store.findById("s-1")).contains(revoked);
        assertThat(store.findByTokenHash("hash-s-1")).contains(revoked);
    }

    @Test
    void revoke_returns_true_only_the_first_time_and_keeps_the_first_reason() {
        store.create(session("s-1", ALICE, 0));
        Instant first = T0.plus(Duration.ofMinutes(1));

        assertThat(store.revoke("s-1", first, RevokeReason.SIGN_OUT)).isTrue();
        assertThat(store.revoke("s-1", first.plusSeconds(60), RevokeReason.REVOKED_BY_ADMIN)).isFalse();

        Session revoked = store.findById("s-1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(first);
        assertThat(revoked.revokeReason()).isEqualTo(RevokeReason.SIGN_OUT);
    }

    @Test
    void revoking_a_missing_session_returns_false() {
        assertThat(store.revoke("s-404", T0, RevokeReason.SIGN_OUT)).isFalse();
        assertThat(store.findById("s-404")).isEmpty();
    }

    @Test
    void revoking_one_session_leaves_the_others_alone() {
        store.create(session("s-1", ALICE, 0));
        Session other = session("s-2", ALICE, 1);
        store.create(other);

        store.revoke("s-1", T0.plus(Duration.ofMinutes(2)), RevokeReason.SIGN_OUT);

        assertThat(store.findById("s-2")).contains(other);
    }

    @Test
    void of_many_threads_revoking_the_same_session_exactly_one_succeeds() {
        store.create(session("s-1", ALICE, 0));

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i ->
                () -> store.revoke("s-1", T0.plusSeconds(i + 1), reason(i)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<Integer> winners = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).boxed().toList();
        assertThat(winners).hasSize(1);
        Session revoked = store.findById("s-1").orElseThrow();
        assertThat(revoked.revokeReason()).isEqualTo(reason(winners.get(0)));
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(winners.get(0) + 1));
    }

    @Test
    void revoking_all_sessions_returns_only_the_ids_it_revoked() {
        store.create(session("s-1", ALICE, 0));
        store.create(session("s-2", ALICE, 1));
        store.create(session("s-3", ALICE, 2));
        Session bobs = session("s-bob", BOB, 3);
        store.create(bobs);
        Instant earlier = T0.plus(Duration.ofMinutes(4));
        store.revoke("s-2", earlier, RevokeReason.SIGN_OUT);
        Instant at = T0.plus(Duration.ofMinutes(5));

        assertThat(store.revokeAll(ALICE, at, RevokeReason.SIGN_OUT_EVERYWHERE)).containsExactlyInAnyOrder("s-1", "s-3");

        assertThat(store.findById("s-1").orElseThrow().revokedAt()).isEqualTo(at);
        assertThat(store.findById("s-3").orElseThrow().revokeReason()).isEqualTo(RevokeReason.SIGN_OUT_EVERYWHERE);
        Session alreadyRevoked = store.findById("s-2").orElseThrow();
        assertThat(alreadyRevoked.revokedAt()).isEqualTo(earlier);
        assertThat(alreadyRevoked.revokeReason()).isEqualTo(RevokeReason.SIGN_OUT);
        assertThat(store.findById("s-bob")).contains(bobs);
        assertThat(active(ALICE, at)).isEmpty();
    }

    @Test
    void revoking_all_sessions_leaves_expired_ones_alone() {
        store.create(session("s-1", ALICE, 0));
        store.create(session("s-2", ALICE, 40));
        Instant at = T0.plus(IDLE).plusSeconds(1); // s-1 has idled out, s-2 is live

        assertThat(store.revokeAll(ALICE, at, RevokeReason.SIGN_OUT_EVERYWHERE)).containsExactly("s-2");
        assertThat(store.findById("s-1").orElseThrow().isRevoked()).isFalse();
    }

    @Test
    void revoking_all_sessions_again_revokes_nothing() {
        store.create(session("s-1", ALICE, 0));
        store.revokeAll(ALICE, T0.plusSeconds(1), RevokeReason.ACCOUNT_LOCKED);

        assertThat(store.revokeAll(ALICE, T0.plusSeconds(2), RevokeReason.ACCOUNT_LOCKED)).isEmpty();
        assertThat(store.revokeAll("acc-unknown", T0.plusSeconds(2), RevokeReason.ACCOUNT_LOCKED)).isEmpty();
        assertThat(store.findById("s-1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void threads_revoking_all_sessions_at_once_each_claim_different_sessions() {
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "s-" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            store.create(session(ids.get(i), ALICE, i));
        }

        List<Concurrently.Outcome<List<String>>> outcomes = Concurrently.run(i ->
                () -> store.revokeAll(ALICE, T0.plus(Duration.ofMinutes(20)), RevokeReason.SIGN_OUT_EVERYWHERE));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<String> claimed = outcomes.stream().flatMap(o -> o.result().stream()).toList();
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void deleting_expired_sessions_removes_only_those_past_their_earlier_deadline() {
        Instant now = T0.plus(Duration.ofHours(1));
        Session live = session("live", ALICE, T0, now.plusMillis(1), now.plus(ABSOLUTE));
        Session liveBob = session("live-bob", BOB, T0, now.plus(IDLE), now.plus(ABSOLUTE));
        store.create(live);
        store.create(liveBob);
        store.create(session("idle-passed", ALICE, T0, now.minusMillis(1), now.plus(ABSOLUTE)));
        store.create(session("idle-ends-now", ALICE, T0, now, now.plus(ABSOLUTE)));
        store.create(session("absolute-passed", BOB, T0, now.plus(IDLE), now.minusMillis(1)));
        store.create(session("absolute-ends-now", ALICE, T0, now.plus(IDLE), now));

        assertThat(store.deleteExpired(now)).isEqualTo(4);

        assertThat(store.findById("live")).contains(live);
        assertThat(store.findByTokenHash("hash-live")).contains(live);
        assertThat(store.findById("live-bob")).contains(liveBob);
        for (String gone : List.of("idle-passed", "idle-ends-now", "absolute-passed", "absolute-ends-now")) {
            assertThat(store.findById(gone)).as(gone).isEmpty();
            assertThat(store.findByTokenHash("hash-" + gone)).as(gone).isEmpty();
        }
        assertThat(store.deleteExpired(now)).isZero();
    }

    @Test
    void revoked_sessions_are_kept_until_their_deadline_passes() {
        store.create(session("s-1", ALICE, 0));
        store.revoke("s-1", T0.plusSeconds(1), RevokeReason.SIGN_OUT);

        assertThat(store.deleteExpired(T0.plus(IDLE).minusMillis(1))).isZero();
        assertThat(store.findById("s-1")).isPresent();

        assertThat(store.deleteExpired(T0.plus(IDLE))).isEqualTo(1);
        assertThat(store.findById("s-1")).isEmpty();
    }

    @Test
    void deleting_from_a_store_without_expired_sessions_deletes_nothing() {
        assertThat(store.deleteExpired(T0)).isZero();
        store.create(session("s-1", ALICE, 0));
        assertThat(store.deleteExpired(T0)).isZero();
    }

    /** One of the reasons, different for neighbouring threads. */
    private static RevokeReason reason(int thread) {
        return RevokeReason.values()[thread % RevokeReason.values().length];
    }
}
