package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.core.oidc.DeviceGrant.Status;
import dev.gatehouse.core.oidc.DeviceGrantStore;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeviceGrantStore} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 */
public abstract class DeviceGrantStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Instant EXPIRY = T0.plus(LIFETIME);

    private Stores stores;
    private DeviceGrantStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.oauth().deviceGrants();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running).
        if (stores != null) {
            stores.close();
        }
    }

    private static String hash(int n) {
        return String.format("%064x", n);
    }

    private static DeviceGrant pending(int n, String userCode, Instant createdAt) {
        return new DeviceGrant(hash(n), userCode, "tv", "openid offline_access", createdAt,
                createdAt.plus(LIFETIME), Status.PENDING, null, null, null);
    }

    private static DeviceGrant pending(int n, String userCode) {
        return pending(n, userCode, T0);
    }

    private DeviceGrant byCode(String userCode) {
        return store.findByUserCode(userCode).orElseThrow();
    }

    @Test
    void a_new_authorization_is_found_pending_by_its_user_code_with_every_field_intact() {
        DeviceGrant grant = pending(1, "WDJBMJHT");

        assertThat(store.create(grant)).isTrue();

        assertThat(store.findByUserCode("WDJBMJHT")).contains(grant);
        assertThat(store.findByUserCode("WDJBMJHX")).isEmpty();
        assertThat(store.findByUserCode("wdjbmjht")).isEmpty();
    }

    @Test
    void the_user_code_of_a_live_authorization_is_not_given_to_another() {
        DeviceGrant first = pending(1, "WDJBMJHT");
        store.create(first);

        assertThat(store.create(pending(2, "WDJBMJHT", T0.plusSeconds(30)))).isFalse();
        // made a millisecond before the first expires: the code is still the first one's
        assertThat(store.create(pending(3, "WDJBMJHT", EXPIRY.minusMillis(1)))).isFalse();

        assertThat(byCode("WDJBMJHT")).isEqualTo(first);
        assertThat(store.poll(hash(2), T0.plusSeconds(31))).isEmpty();
    }

    @Test
    void the_user_code_of_an_expired_authorization_may_be_drawn_again() {
        store.create(pending(1, "WDJBMJHT"));
        store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(5));
        DeviceGrant again = pending(2, "WDJBMJHT", EXPIRY);

        assertThat(store.create(again)).isTrue();

        assertThat(byCode("WDJBMJHT")).isEqualTo(again);
        assertThat(store.poll(hash(1), EXPIRY)).isEmpty();
        assertThat(store.redeem(hash(1))).isFalse();
    }

    @Test
    void authorizations_with_other_user_codes_are_independent() {
        assertThat(store.create(pending(1, "WDJBMJHT"))).isTrue();
        assertThat(store.create(pending(2, "BCDFGHJK"))).isTrue();

        assertThat(store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0)).isTrue();

        assertThat(byCode("BCDFGHJK").status()).isEqualTo(Status.PENDING);
    }

    @Test
    void an_approval_records_who_approved_it_from_which_session() {
        store.create(pending(1, "WDJBMJHT"));

        assertThat(store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(5))).isTrue();

        assertThat(byCode("WDJBMJHT")).isEqualTo(new DeviceGrant(hash(1), "WDJBMJHT", "tv", "openid offline_access",
                T0, EXPIRY, Status.APPROVED, "acc-alice", "browser-1", null));
    }

    @Test
    void a_denial_records_who_denied_it_and_no_session() {
        store.create(pending(1, "WDJBMJHT"));

        assertThat(store.decide("WDJBMJHT", false, "acc-alice", "browser-1", T0.plusSeconds(5))).isTrue();

        DeviceGrant denied = byCode("WDJBMJHT");
        assertThat(denied.status()).isEqualTo(Status.DENIED);
        assertThat(denied.accountId()).isEqualTo("acc-alice");
        assertThat(denied.sessionId()).isNull();
    }

    @Test
    void an_authorization_is_decided_once() {
        store.create(pending(1, "WDJBMJHT"));
        store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(5));

        assertThat(store.decide("WDJBMJHT", false, "acc-bob", "browser-2", T0.plusSeconds(6))).isFalse();
        assertThat(store.decide("WDJBMJHT", true, "acc-bob", "browser-2", T0.plusSeconds(6))).isFalse();

        assertThat(byCode("WDJBMJHT").accountId()).isEqualTo("acc-alice");
        assertThat(byCode("WDJBMJHT").sessionId()).isEqualTo("browser-1");
    }

    @Test
    void an_expired_or_unknown_authorization_cannot_be_decided() {
        store.create(pending(1, "WDJBMJHT"));

        assertThat(store.decide("WDJBMJHT", true, "acc-alice", "browser-1", EXPIRY)).isFalse();
        assertThat(store.decide("BCDFGHJK", true, "acc-alice", "browser-1", T0)).isFalse();

        assertThat(byCode("WDJBMJHT")).isEqualTo(pending(1, "WDJBMJHT"));
        assertThat(store.decide("WDJBMJHT", true, "acc-alice", "browser-1", EXPIRY.minusMillis(1))).isTrue();
    }

    @Test
    void a_poll_answers_with_the_authorization_as_it_was_before_it() {
        store.create(pending(1, "WDJBMJHT"));

        DeviceGrant first = store.poll(hash(1), T0.plusSeconds(5)).orElseThrow();
        DeviceGrant second = store.poll(hash(1), T0.plusSeconds(10)).orElseThrow();
        store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(12));
        DeviceGrant third = store.poll(hash(1), T0.plusSeconds(15)).orElseThrow();

        assertThat(first).isEqualTo(pending(1, "WDJBMJHT"));
        assertThat(second.lastPolledAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(third.lastPolledAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(third.status()).isEqualTo(Status.APPROVED);
        assertThat(third.sessionId()).isEqualTo("browser-1");
        assertThat(byCode("WDJBMJHT").lastPolledAt()).isEqualTo(T0.plusSeconds(15));
    }

    @Test
    void polling_with_an_unknown_device_code_finds_nothing() {
        store.create(pending(1, "WDJBMJHT"));

        assertThat(store.poll(hash(2), T0)).isEmpty();
        assertThat(byCode("WDJBMJHT").lastPolledAt()).isNull();
    }

    @Test
    void an_approved_authorization_is_redeemed_once() {
        store.create(pending(1, "WDJBMJHT"));
        store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(5));

        assertThat(store.redeem(hash(1))).isTrue();
        assertThat(store.redeem(hash(1))).isFalse();

        DeviceGrant redeemed = byCode("WDJBMJHT");
        assertThat(redeemed.status()).isEqualTo(Status.REDEEMED);
        assertThat(redeemed.accountId()).isEqualTo("acc-alice");
        assertThat(redeemed.sessionId()).isEqualTo("browser-1");
    }

    @Test
    void a_pending_denied_or_unknown_authorization_is_not_redeemed() {
        store.create(pending(1, "WDJBMJHT"));
        store.create(pending(2, "BCDFGHJK"));
        store.decide("BCDFGHJK", false, "acc-alice", null, T0.plusSeconds(5));

        assertThat(store.redeem(hash(1))).isFalse();
        assertThat(store.redeem(hash(2))).isFalse();
        assertThat(store.redeem(hash(3))).isFalse();

        assertThat(byCode("WDJBMJHT").status()).isEqualTo(Status.PENDING);
        assertThat(byCode("BCDFGHJK").status()).isEqualTo(Status.DENIED);
    }

    @Test
    void expired_authorizations_are_deleted_and_counted() {
        store.create(pending(1, "WDJBMJHT"));
        store.create(pending(2, "BCDFGHJK", T0.plusSeconds(60)));
        store.create(pending(3, "LMNPQRST", T0.plusSeconds(120)));

        assertThat(store.deleteExpired(EXPIRY.plusSeconds(60))).isEqualTo(2);

        assertThat(store.findByUserCode("WDJBMJHT")).isEmpty();
        assertThat(store.findByUserCode("BCDFGHJK")).isEmpty();
        assertThat(store.findByUserCode("LMNPQRST")).isPresent();
        assertThat(store.deleteExpired(T0)).isZero();
    }

    @Test
    void of_many_threads_drawing_the_same_user_code_exactly_one_gets_it() {
        var outcomes = Concurrently.run(i -> () -> store.create(pending(i, "WDJBMJHT")));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        assertThat(byCode("WDJBMJHT").deviceCodeHash()).isEqualTo(hash(winner));
    }

    @Test
    void of_many_threads_drawing_the_user_code_of_an_expired_authorization_exactly_one_gets_it() {
        store.create(pending(100, "WDJBMJHT"));

        var outcomes = Concurrently.run(i -> () -> store.create(pending(i, "WDJBMJHT", EXPIRY.plusMillis(i))));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        assertThat(byCode("WDJBMJHT")).isEqualTo(pending(winner, "WDJBMJHT", EXPIRY.plusMillis(winner)));
    }

    @Test
    void of_many_threads_deciding_the_same_authorization_exactly_one_wins() {
        store.create(pending(1, "WDJBMJHT"));

        var outcomes = Concurrently.run(i -> () -> store.decide("WDJBMJHT", i % 2 == 0, "acc-" + i, "browser-" + i,
                T0.plusSeconds(5)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).findFirst().orElseThrow();
        DeviceGrant decided = byCode("WDJBMJHT");
        assertThat(decided.accountId()).isEqualTo("acc-" + winner);
        assertThat(decided.status()).isEqualTo(winner % 2 == 0 ? Status.APPROVED : Status.DENIED);
    }

    @Test
    void of_many_threads_redeeming_the_same_authorization_exactly_one_wins() {
        store.create(pending(1, "WDJBMJHT"));
        store.decide("WDJBMJHT", true, "acc-alice", "browser-1", T0.plusSeconds(5));

        var outcomes = Concurrently.run(i -> () -> store.redeem(hash(1)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(Concurrently.Outcome::result).hasSize(1);
        assertThat(byCode("WDJBMJHT").status()).isEqualTo(Status.REDEEMED);
    }
}
