package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.LogoutDelivery;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogoutDeliveryStore} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 */
public abstract class LogoutDeliveryStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final String URI = "https://orders.example.com/backchannel-logout";
    private static final String FOLLOWER = "backchannel-logout";

    private Stores stores;
    private LogoutDeliveryStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.oauth().logoutDeliveries();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running).
        if (stores != null) {
            stores.close();
        }
    }

    /** A new delivery, due when it was queued. */
    private static LogoutDelivery queued(String id, String client, String session, int seconds) {
        Instant at = T0.plusSeconds(seconds);
        return new LogoutDelivery(id, client, session, "acc-alice", URI, at, 0, at, null, null);
    }

    private LogoutDelivery stored(String id, String session) {
        return store.forSession(session).stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    // Queueing

    @Test
    void a_queued_delivery_is_found_for_its_session_with_every_field_intact() {
        LogoutDelivery delivery = new LogoutDelivery("d-1", "orders-web", "g-1", "acc-alice", URI, T0, 2,
                T0.plusSeconds(30), null, "503");

        assertThat(store.enqueue(delivery)).isTrue();

        assertThat(store.forSession("g-1")).containsExactly(delivery);
        assertThat(store.forSession("g-2")).isEmpty();
    }

    @Test
    void a_client_is_told_of_a_session_once_however_often_it_is_queued() {
        LogoutDelivery first = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(first);

        assertThat(store.enqueue(queued("d-2", "orders-web", "g-1", 5))).isFalse();

        assertThat(store.forSession("g-1")).containsExactly(first);
        assertThat(store.recent(10)).containsExactly(first);
    }

    @Test
    void the_same_session_is_told_to_each_client_and_each_session_to_the_same_client() {
        assertThat(store.enqueue(queued("d-1", "orders-web", "g-1", 0))).isTrue();
        assertThat(store.enqueue(queued("d-2", "tv", "g-1", 1))).isTrue();
        assertThat(store.enqueue(queued("d-3", "orders-web", "g-2", 2))).isTrue();

        assertThat(store.forSession("g-1")).extracting(LogoutDelivery::id).containsExactly("d-1", "d-2");
        assertThat(store.forSession("g-2")).extracting(LogoutDelivery::id).containsExactly("d-3");
    }

    @Test
    void of_many_nodes_queueing_the_same_delivery_exactly_one_does() {
        var outcomes = Concurrently.run(i -> () -> store.enqueue(queued("d-" + i, "orders-web", "g-1", 0)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        assertThat(store.forSession("g-1")).hasSize(1);
    }

    // Due, claimed, delivered, failed

    @Test
    void due_deliveries_are_listed_soonest_first_up_to_the_limit() {
        store.enqueue(queued("d-3", "orders-web", "g-3", 30));
        store.enqueue(queued("d-1", "orders-web", "g-1", 10));
        store.enqueue(queued("d-4", "orders-web", "g-4", 40));
        store.enqueue(queued("d-2", "orders-web", "g-2", 20));

        assertThat(store.due(T0.plusSeconds(30), 10)).extracting(LogoutDelivery::id)
                .containsExactly("d-1", "d-2", "d-3");
        assertThat(store.due(T0.plusSeconds(60), 2)).extracting(LogoutDelivery::id).containsExactly("d-1", "d-2");
        assertThat(store.due(T0.plusSeconds(9), 10)).isEmpty();
        assertThat(store.due(T0.plusSeconds(10), 10)).containsExactly(queued("d-1", "orders-web", "g-1", 10));
    }

    @Test
    void a_claimed_delivery_is_not_due_until_its_lease_ends() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);
        Instant lease = T0.plusSeconds(30);

        assertThat(store.claim("d-1", d.nextAttemptAt(), lease)).isTrue();

        assertThat(store.due(T0.plusSeconds(29), 10)).isEmpty();
        assertThat(store.due(lease, 10)).extracting(LogoutDelivery::nextAttemptAt).containsExactly(lease);
        assertThat(store.claim("d-1", d.nextAttemptAt(), T0.plusSeconds(60))).isFalse();
        assertThat(stored("d-1", "g-1").nextAttemptAt()).isEqualTo(lease);
    }

    @Test
    void an_unknown_delivery_or_a_finished_one_cannot_be_claimed() {
        store.enqueue(queued("d-1", "orders-web", "g-1", 0));
        store.delivered("d-1", 1, T0.plusSeconds(1));

        assertThat(store.claim("d-1", T0, T0.plusSeconds(30))).isFalse();
        assertThat(store.claim("d-2", T0, T0.plusSeconds(30))).isFalse();

        assertThat(stored("d-1", "g-1").nextAttemptAt()).isNull();
    }

    @Test
    void of_many_nodes_claiming_one_due_delivery_exactly_one_wins() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);

        var outcomes = Concurrently.run(i -> () -> store.claim("d-1", d.nextAttemptAt(), T0.plusSeconds(30 + i)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        assertThat(stored("d-1", "g-1").nextAttemptAt()).isEqualTo(T0.plusSeconds(30 + winner));
    }

    @Test
    void a_delivered_delivery_records_when_and_after_how_many_posts_and_is_no_longer_due() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);
        store.claim("d-1", d.nextAttemptAt(), T0.plusSeconds(30));

        store.delivered("d-1", 1, T0.plusSeconds(2));

        LogoutDelivery done = stored("d-1", "g-1");
        assertThat(done).isEqualTo(new LogoutDelivery("d-1", "orders-web", "g-1", "acc-alice", URI, T0, 1, null,
                T0.plusSeconds(2), null));
        assertThat(done.isDelivered()).isTrue();
        assertThat(done.isGivenUp()).isFalse();
        assertThat(store.due(T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void a_failed_post_is_due_again_when_told_with_its_error() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);
        store.claim("d-1", d.nextAttemptAt(), T0.plusSeconds(30));

        store.failed("d-1", 1, T0.plusSeconds(60), "503");

        LogoutDelivery retried = stored("d-1", "g-1");
        assertThat(retried).isEqualTo(new LogoutDelivery("d-1", "orders-web", "g-1", "acc-alice", URI, T0, 1,
                T0.plusSeconds(60), null, "503"));
        assertThat(store.due(T0.plusSeconds(59), 10)).isEmpty();
        assertThat(store.due(T0.plusSeconds(60), 10)).containsExactly(retried);
    }

    @Test
    void a_delivery_given_up_keeps_its_last_error_and_is_no_longer_due() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);
        store.failed("d-1", 1, T0.plusSeconds(60), "503");

        store.failed("d-1", 2, null, "java.net.ConnectException");

        LogoutDelivery given = stored("d-1", "g-1");
        assertThat(given.isGivenUp()).isTrue();
        assertThat(given.isDelivered()).isFalse();
        assertThat(given.attempts()).isEqualTo(2);
        assertThat(given.lastError()).isEqualTo("java.net.ConnectException");
        assertThat(store.due(T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void recording_the_outcome_of_an_unknown_delivery_changes_nothing() {
        LogoutDelivery d = queued("d-1", "orders-web", "g-1", 0);
        store.enqueue(d);

        store.delivered("d-2", 1, T0);
        store.failed("d-3", 1, null, "500");

        assertThat(store.recent(10)).containsExactly(d);
    }

    // Lists and cleaning up

    @Test
    void recent_deliveries_are_listed_newest_first_up_to_the_limit() {
        store.enqueue(queued("d-2", "orders-web", "g-2", 20));
        store.enqueue(queued("d-1", "orders-web", "g-1", 10));
        store.enqueue(queued("d-3", "tv", "g-1", 30));

        assertThat(store.recent(10)).extracting(LogoutDelivery::id).containsExactly("d-3", "d-2", "d-1");
        assertThat(store.recent(2)).extracting(LogoutDelivery::id).containsExactly("d-3", "d-2");
        assertThat(store.forSession("g-1")).extracting(LogoutDelivery::id).containsExactly("d-1", "d-3");
    }

    @Test
    void finished_deliveries_created_before_the_cutoff_are_deleted_and_pending_ones_kept() {
        store.enqueue(queued("d-1", "orders-web", "g-1", 0));
        store.enqueue(queued("d-2", "orders-web", "g-2", 10));
        store.enqueue(queued("d-3", "orders-web", "g-3", 20));
        store.enqueue(queued("d-4", "orders-web", "g-4", 30));
        store.delivered("d-1", 1, T0.plusSeconds(1));
        store.failed("d-2", 5, null, "404");
        store.delivered("d-4", 1, T0.plusSeconds(31));

        assertThat(store.deleteFinishedBefore(T0.plusSeconds(30))).isEqualTo(2);

        assertThat(store.recent(10)).extracting(LogoutDelivery::id).containsExactly("d-4", "d-3");
        assertThat(store.deleteFinishedBefore(T0.plusSeconds(30))).isZero();
    }

    // The follower's mark

    @Test
    void a_mark_never_set_is_empty_and_is_set_first_from_empty() {
        assertThat(store.followedUpTo(FOLLOWER)).isEmpty();

        assertThat(store.advance(FOLLOWER, OptionalLong.empty(), 5)).isTrue();

        assertThat(store.followedUpTo(FOLLOWER)).hasValue(5);
        assertThat(store.followedUpTo("another")).isEmpty();
    }

    @Test
    void a_mark_moves_only_from_the_value_expected() {
        store.advance(FOLLOWER, OptionalLong.empty(), 5);

        assertThat(store.advance(FOLLOWER, OptionalLong.empty(), 7)).isFalse();
        assertThat(store.advance(FOLLOWER, OptionalLong.of(4), 7)).isFalse();
        assertThat(store.followedUpTo(FOLLOWER)).hasValue(5);

        assertThat(store.advance(FOLLOWER, OptionalLong.of(5), 9)).isTrue();
        assertThat(store.followedUpTo(FOLLOWER)).hasValue(9);
        assertThat(store.advance(FOLLOWER, OptionalLong.of(5), 12)).isFalse();
        assertThat(store.followedUpTo(FOLLOWER)).hasValue(9);
    }

    @Test
    void a_mark_never_set_cannot_be_moved_from_a_value() {
        assertThat(store.advance(FOLLOWER, OptionalLong.of(0), 3)).isFalse();

        assertThat(store.followedUpTo(FOLLOWER)).isEmpty();
    }

    @Test
    void marks_of_different_followers_are_independent() {
        store.advance(FOLLOWER, OptionalLong.empty(), 5);
        store.advance("another", OptionalLong.empty(), 100);

        assertThat(store.advance("another", OptionalLong.of(100), 101)).isTrue();

        assertThat(store.followedUpTo(FOLLOWER)).hasValue(5);
        assertThat(store.followedUpTo("another")).hasValue(101);
    }

    @Test
    void of_many_nodes_setting_a_mark_for_the_first_time_exactly_one_wins() {
        var outcomes = Concurrently.run(i -> () -> store.advance(FOLLOWER, OptionalLong.empty(), 10 + i));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        assertThat(store.followedUpTo(FOLLOWER)).hasValue(10 + winner);
    }

    @Test
    void of_many_nodes_moving_a_mark_from_the_same_value_exactly_one_wins() {
        store.advance(FOLLOWER, OptionalLong.empty(), 5);

        var outcomes = Concurrently.run(i -> () -> store.advance(FOLLOWER, OptionalLong.of(5), 10 + i));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        assertThat(store.followedUpTo(FOLLOWER)).hasValue(10 + winner);
    }
}
