package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditLog} must do. A backend passes by extending this class and returning
 * fresh, empty stores from {@link #newStores()}.
 *
 * <p>Sequence numbers are only required to be positive and strictly increasing, not dense: a
 * database sequence may skip numbers.
 */
public abstract class AuditLogContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");

    private Stores stores;
    private AuditLog log;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        log = stores.audit();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    private static AuditEvent event(int n) {
        return AuditEvent.of(T0.plusSeconds(n), AuditType.SIGN_IN_SUCCEEDED, "acc-" + n, "user" + n,
                "s-" + n, "192.0.2." + n, "detail-" + n);
    }

    private List<AuditEvent> appendAll(int count) {
        List<AuditEvent> appended = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            appended.add(log.append(event(n)));
        }
        return appended;
    }

    @Test
    void an_appended_event_comes_back_with_a_sequence_number_and_every_field_intact() {
        AuditEvent event = AuditEvent.of(T0, AuditType.SIGN_IN_FAILED, "acc-1", "Émile", "s-1", "2001:db8::1",
                "invalid_credentials");

        AuditEvent stored = log.append(event);

        assertThat(stored.seq()).isPositive();
        assertThat(stored).isEqualTo(event.withSeq(stored.seq()));
        assertThat(log.list(Long.MAX_VALUE, 10)).containsExactly(stored);
    }

    @Test
    void optional_fields_left_empty_stay_empty() {
        AuditEvent stored = log.append(AuditEvent.of(T0, AuditType.SIGN_IN_FAILED, null, null, null, null, null));

        assertThat(log.list(Long.MAX_VALUE, 10)).containsExactly(stored);
        assertThat(stored.accountId()).isNull();
        assertThat(stored.detail()).isNull();
    }

    @Test
    void every_event_type_is_stored_as_itself() {
        for (AuditType type : AuditType.values()) {
            log.append(AuditEvent.of(T0, type, "acc-1", null, null, null, null));
        }

        assertThat(log.list(Long.MAX_VALUE, 1000)).extracting(AuditEvent::type)
                .containsExactlyElementsOf(List.of(AuditType.values()).reversed());
    }

    @Test
    void the_store_assigns_the_sequence_number_whatever_the_event_carries() {
        AuditEvent first = log.append(event(1).withSeq(1_000_000));
        AuditEvent second = log.append(event(2).withSeq(-5));

        assertThat(first.seq()).isNotEqualTo(1_000_000L).isPositive();
        assertThat(second.seq()).isGreaterThan(first.seq());
    }

    @Test
    void sequence_numbers_strictly_increase() {
        List<AuditEvent> appended = appendAll(10);

        for (int i = 1; i < appended.size(); i++) {
            assertThat(appended.get(i).seq()).isGreaterThan(appended.get(i - 1).seq());
        }
    }

    @Test
    void an_empty_log_lists_nothing() {
        assertThat(log.list(Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void events_are_listed_newest_first() {
        List<AuditEvent> appended = appendAll(5);

        assertThat(log.list(Long.MAX_VALUE, 10)).containsExactlyElementsOf(appended.reversed());
    }

    @Test
    void the_limit_caps_how_many_of_the_newest_events_are_listed() {
        List<AuditEvent> appended = appendAll(5);

        assertThat(log.list(Long.MAX_VALUE, 2)).containsExactly(appended.get(4), appended.get(3));
        assertThat(log.list(Long.MAX_VALUE, 1)).containsExactly(appended.get(4));
    }

    @Test
    void before_seq_lists_only_older_events() {
        List<AuditEvent> appended = appendAll(5);

        assertThat(log.list(appended.get(2).seq(), 10)).containsExactly(appended.get(1), appended.get(0));
        assertThat(log.list(appended.get(0).seq(), 10)).isEmpty();
    }

    @Test
    void paging_with_before_seq_visits_every_event_once_newest_first() {
        List<AuditEvent> appended = appendAll(7);

        List<AuditEvent> visited = new ArrayList<>();
        long before = Long.MAX_VALUE;
        List<AuditEvent> page;
        while (!(page = log.list(before, 3)).isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(3);
            visited.addAll(page);
            before = page.getLast().seq();
        }

        assertThat(visited).containsExactlyElementsOf(appended.reversed());
    }

    @Test
    void events_appended_concurrently_all_get_distinct_sequence_numbers() {
        List<Concurrently.Outcome<AuditEvent>> outcomes = Concurrently.run(i -> () -> log.append(event(i)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<AuditEvent> appended = outcomes.stream().map(Concurrently.Outcome::result).toList();
        assertThat(appended).extracting(AuditEvent::seq).doesNotHaveDuplicates();
        List<AuditEvent> listed = log.list(Long.MAX_VALUE, 1000);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(appended);
        assertThat(listed).extracting(AuditEvent::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void the_administrator_who_acted_is_stored_with_the_event() {
        AuditEvent stored = log.append(AuditEvent.of(T0, AuditType.ACCOUNT_LOCKED, "acc-1", "alice", null, null, null)
                .by(new Actor("acc-9", "root")));
        AuditEvent fromCommandLine = log.append(AuditEvent.of(T0, AuditType.ACCOUNT_UNLOCKED, "acc-1", "alice", null,
                null, null).by(Actor.COMMAND_LINE));

        assertThat(log.list(Long.MAX_VALUE, 10)).containsExactly(fromCommandLine, stored);
        assertThat(stored.actor()).contains(new Actor("acc-9", "root"));
        assertThat(fromCommandLine.actorId()).isNull();
        assertThat(fromCommandLine.actorName()).isEqualTo("command-line");
    }

    private AuditEvent append(int second, AuditType type, String accountId) {
        return log.append(AuditEvent.of(T0.plusSeconds(second), type, accountId, null, null, null, null));
    }

    @Test
    void a_search_by_account_lists_only_that_accounts_events_newest_first() {
        AuditEvent a1 = append(1, AuditType.SIGN_IN_SUCCEEDED, "acc-a");
        append(2, AuditType.SIGN_IN_SUCCEEDED, "acc-b");
        append(3, AuditType.SIGN_IN_FAILED, null);
        AuditEvent a2 = append(4, AuditType.SIGN_OUT, "acc-a");

        assertThat(log.search(AuditQuery.newest(10).account("acc-a"))).containsExactly(a2, a1);
        assertThat(log.search(AuditQuery.newest(10).account("acc-c"))).isEmpty();
    }

    @Test
    void a_search_by_types_lists_only_events_of_those_types() {
        AuditEvent failed = append(1, AuditType.SIGN_IN_FAILED, "acc-a");
        append(2, AuditType.SIGN_IN_SUCCEEDED, "acc-a");
        AuditEvent locked = append(3, AuditType.ACCOUNT_LOCKED, "acc-b");
        append(4, AuditType.SIGN_OUT, "acc-a");

        assertThat(log.search(AuditQuery.newest(10).types(Set.of(AuditType.SIGN_IN_FAILED, AuditType.ACCOUNT_LOCKED))))
                .containsExactly(locked, failed);
        assertThat(log.search(AuditQuery.newest(10).types(Set.of(AuditType.CLIENT_DELETED)))).isEmpty();
    }

    @Test
    void a_search_by_time_includes_from_and_excludes_to() {
        append(1, AuditType.SIGN_IN_SUCCEEDED, "acc-a");
        AuditEvent second = append(2, AuditType.SIGN_IN_SUCCEEDED, "acc-a");
        AuditEvent third = append(3, AuditType.SIGN_IN_SUCCEEDED, "acc-a");
        append(4, AuditType.SIGN_IN_SUCCEEDED, "acc-a");

        assertThat(log.search(AuditQuery.newest(10).between(T0.plusSeconds(2), T0.plusSeconds(4))))
                .containsExactly(third, second);
        assertThat(log.search(AuditQuery.newest(10).between(T0.plusSeconds(3), null))).hasSize(2);
        assertThat(log.search(AuditQuery.newest(10).between(null, T0.plusSeconds(2)))).hasSize(1);
    }

    @Test
    void filters_combine_and_page_by_sequence_number() {
        List<AuditEvent> wanted = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            append(n, AuditType.SIGN_IN_FAILED, "acc-b");
            AuditEvent e = append(n, n % 2 == 0 ? AuditType.SIGN_IN_FAILED : AuditType.SIGN_OUT, "acc-a");
            if (n % 2 == 0 && n >= 3) {
                wanted.add(e);
            }
        }
        AuditQuery query = AuditQuery.newest(2).account("acc-a").types(Set.of(AuditType.SIGN_IN_FAILED))
                .between(T0.plusSeconds(3), null);

        List<AuditEvent> visited = new ArrayList<>();
        List<AuditEvent> page;
        while (!(page = log.search(query)).isEmpty()) {
            visited.addAll(page);
            query = query.before(page.getLast().seq());
        }

        assertThat(visited).containsExactlyElementsOf(wanted.reversed());
    }
}
