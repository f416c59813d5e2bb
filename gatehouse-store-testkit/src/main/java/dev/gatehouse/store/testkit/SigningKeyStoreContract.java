package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SigningKeyStore} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 *
 * <p>The keys here are not real keys: the store never looks inside the JWK or the sealed bytes,
 * it only has to give back exactly what it was given.
 */
public abstract class SigningKeyStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration CACHE = Duration.ofMinutes(10);

    private Stores stores;
    private SigningKeyStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.keys();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    /** A key that may still sign, created {@code minutes} after T0 and signing one cache lifetime later. */
    private static SigningKey key(String kid, int minutes) {
        Instant created = T0.plus(Duration.ofMinutes(minutes));
        return new SigningKey(kid, KeyAlgorithm.ES256, "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}",
                new byte[] {1, 2, 3, (byte) minutes}, created, created.plus(CACHE), null, null);
    }

    /** Every byte value, so a store that treats the sealed key as text cannot pass by luck. */
    private static byte[] everyByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void an_added_key_is_listed_with_every_field_intact() {
        SigningKey key = new SigningKey("kid-Ab_9-", KeyAlgorithm.EdDSA,
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"Ünïcödé\"}", everyByte(), T0, T0.plusMillis(1),
                T0.plusSeconds(60), T0.plusSeconds(3600));

        store.add(key);

        SigningKey found = store.list().getFirst();
        assertThat(found).isEqualTo(key);
        assertThat(found.sealedPrivateKey()).containsExactly(everyByte());
        assertThat(found.retiredAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(found.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void a_key_that_may_still_sign_comes_back_without_retirement_or_expiry() {
        SigningKey key = key("k-1", 0);
        store.add(key);

        assertThat(store.list()).containsExactly(key);
        assertThat(store.list().getFirst().retiredAt()).isNull();
        assertThat(store.list().getFirst().expiresAt()).isNull();
    }

    @Test
    void every_algorithm_round_trips() {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            store.add(new SigningKey("k-" + algorithm, algorithm, "{}", new byte[] {7}, T0, T0, null, null));
        }

        assertThat(store.list()).extracting(SigningKey::algorithm).containsExactlyInAnyOrder(KeyAlgorithm.values());
    }

    @Test
    void an_empty_store_lists_no_keys() {
        assertThat(store.list()).isEmpty();
    }

    @Test
    void keys_are_listed_oldest_first() {
        // Kids in another order than creation, so a store sorting by kid fails.
        store.add(key("k-c", 0));
        store.add(key("k-a", 10));
        store.add(key("k-b", 20));

        assertThat(store.list()).extracting(SigningKey::kid).containsExactly("k-c", "k-a", "k-b");
    }

    @Test
    void a_kid_can_be_used_only_once() {
        SigningKey first = key("k-1", 0);
        store.add(first);
        SigningKey again = new SigningKey("k-1", KeyAlgorithm.RS256, "{}", new byte[] {9}, T0.plusSeconds(1),
                T0.plusSeconds(1), null, null);

        assertThatThrownBy(() -> store.add(again)).isInstanceOf(IllegalStateException.class);

        assertThat(store.list()).containsExactly(first);
    }

    @Test
    void retiring_a_key_records_when_it_stopped_signing_and_when_it_leaves_the_key_set() {
        SigningKey key = key("k-1", 0);
        store.add(key);
        Instant retiredAt = T0.plus(Duration.ofHours(1));
        Instant expiresAt = retiredAt.plus(Duration.ofMinutes(16));

        assertThat(store.retire("k-1", retiredAt, expiresAt)).isTrue();

        assertThat(store.list()).containsExactly(new SigningKey(key.kid(), key.algorithm(), key.publicJwk(),
                key.sealedPrivateKey(), key.createdAt(), key.activatesAt(), retiredAt, expiresAt));
    }

    @Test
    void a_key_is_retired_only_once_and_keeps_the_first_retirement() {
        store.add(key("k-1", 0));
        Instant first = T0.plus(Duration.ofHours(1));

        assertThat(store.retire("k-1", first, first.plusSeconds(960))).isTrue();
        assertThat(store.retire("k-1", first.plusSeconds(5), first.plusSeconds(965))).isFalse();

        SigningKey retired = store.list().getFirst();
        assertThat(retired.retiredAt()).isEqualTo(first);
        assertThat(retired.expiresAt()).isEqualTo(first.plusSeconds(960));
    }

    @Test
    void retiring_a_missing_key_returns_false() {
        assertThat(store.retire("k-404", T0, T0.plusSeconds(1))).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void retiring_one_key_leaves_the_others_alone() {
        store.add(key("k-1", 0));
        SigningKey other = key("k-2", 1);
        store.add(other);

        store.retire("k-1", T0.plusSeconds(600), T0.plusSeconds(1600));

        assertThat(store.list()).contains(other);
    }

    @Test
    void of_many_threads_retiring_the_same_key_exactly_one_succeeds() {
        store.add(key("k-1", 0));

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i ->
                () -> store.retire("k-1", T0.plusSeconds(i + 1), T0.plusSeconds(i + 1001)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<Integer> winners = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result()).boxed().toList();
        assertThat(winners).hasSize(1);
        SigningKey retired = store.list().getFirst();
        assertThat(retired.retiredAt()).isEqualTo(T0.plusSeconds(winners.getFirst() + 1));
        assertThat(retired.expiresAt()).isEqualTo(T0.plusSeconds(winners.getFirst() + 1001));
    }

    @Test
    void deleting_expired_keys_removes_only_those_whose_expiry_has_come() {
        Instant now = T0.plus(Duration.ofDays(1));
        store.add(key("passed", 0));
        store.add(key("ends-now", 1));
        store.add(key("ends-later", 2));
        store.add(key("retired-no-expiry", 3));
        store.add(key("may-sign", 4));
        store.retire("passed", T0, now.minusMillis(1));
        store.retire("ends-now", T0, now);
        store.retire("ends-later", T0, now.plusMillis(1));
        store.retire("retired-no-expiry", T0, null);

        assertThat(store.deleteExpired(now)).isEqualTo(2);

        assertThat(store.list()).extracting(SigningKey::kid)
                .containsExactly("ends-later", "retired-no-expiry", "may-sign");
        assertThat(store.deleteExpired(now)).isZero();
    }

    @Test
    void keys_without_an_expiry_are_never_deleted() {
        store.add(key("k-1", 0));
        store.add(key("k-2", 1));

        assertThat(store.deleteExpired(Instant.parse("9999-12-31T23:59:59Z"))).isZero();

        assertThat(store.list()).hasSize(2);
    }

    @Test
    void deleting_from_an_empty_store_deletes_nothing() {
        assertThat(store.deleteExpired(T0)).isZero();
    }
}
