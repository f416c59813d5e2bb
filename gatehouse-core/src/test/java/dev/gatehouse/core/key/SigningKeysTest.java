package dev.gatehouse.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import dev.gatehouse.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeysTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");
    private static final Duration CACHE = Duration.ofMinutes(10);
    private static final Duration MAX_TOKEN = Duration.ofMinutes(15);
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final MovableClock clock = new MovableClock(T0);
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final Sealer sealer = new Sealer(Secrets.randomBytes(32));

    private SigningKeys keys(KeyAlgorithm algorithm) {
        return new SigningKeys(store, sealer, algorithm, CACHE, MAX_TOKEN, clock);
    }

    private SigningKeys keys() {
        return keys(KeyAlgorithm.ES256);
    }

    private static List<Map<String, Object>> jwksKeys(String jwks) throws ParseException {
        return List.of(JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(jwks), "keys"));
    }

    private static List<Object> kids(String jwks) throws ParseException {
        return jwksKeys(jwks).stream().map(k -> k.get("kid")).toList();
    }

    @Test
    void the_first_key_signs_at_once_and_ensuring_again_creates_nothing() {
        SigningKeys keys = keys();

        assertThat(keys.ensureKey()).isTrue();
        assertThat(keys.ensureKey()).isFalse();
        assertThat(keys(KeyAlgorithm.RS256).ensureKey()).isFalse();

        assertThat(store.list()).hasSize(1);
        SigningKey first = store.list().getFirst();
        assertThat(first.activatesAt()).isEqualTo(first.createdAt()).isEqualTo(T0);
        assertThat(keys.signer().kid()).isEqualTo(first.kid());
        assertThat(keys.signer().algorithm()).isEqualTo(KeyAlgorithm.ES256);
        assertThat(first.kid()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void without_any_key_there_is_no_signer_and_the_message_says_what_to_do() {
        assertThatThrownBy(() -> keys().signer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ensureKey");
    }

    @Test
    void a_rotated_key_is_published_at_once_but_signs_only_after_the_jwks_cache_lifetime() throws ParseException {
        SigningKeys keys = keys();
        keys.ensureKey();
        String old = keys.signer().kid();
        clock.advance(Duration.ofHours(1));

        SigningKey rotated = keys.rotate();

        assertThat(rotated.activatesAt()).isEqualTo(clock.instant().plus(CACHE));
        assertThat(kids(keys.jwks())).containsExactly(old, rotated.kid());
        assertThat(keys.signer().kid()).isEqualTo(old);
        clock.advance(CACHE.minusMillis(1));
        assertThat(keys.signer().kid()).isEqualTo(old);

        clock.advance(Duration.ofMillis(1));

        assertThat(keys.signer().kid()).isEqualTo(rotated.kid());
        SigningKey retired = store.list().stream().filter(k -> k.kid().equals(old)).findFirst().orElseThrow();
        assertThat(retired.retiredAt()).isEqualTo(rotated.activatesAt());
        assertThat(retired.expiresAt()).isEqualTo(rotated.activatesAt().plus(MAX_TOKEN).plus(SKEW));
    }

    @Test
    void a_retired_key_stays_published_until_its_tokens_have_expired_then_leaves_jwks_and_store() throws ParseException {
        SigningKeys keys = keys();
        keys.ensureKey();
        String old = keys.signer().kid();
        SigningKey rotated = keys.rotate();
        clock.advance(CACHE);
        keys.signer();
        Instant expiresAt = rotated.activatesAt().plus(MAX_TOKEN).plus(SKEW);

        clock.set(expiresAt.minusMillis(1));
        assertThat(kids(keys.jwks())).containsExactly(old, rotated.kid());
        assertThat(keys.verificationKey(old)).isPresent();

        clock.set(expiresAt);
        assertThat(kids(keys.jwks())).containsExactly(rotated.kid());
        assertThat(keys.verificationKey(old)).isEmpty();
        assertThat(keys.maintain(Duration.ofDays(30))).isEmpty();
        assertThat(store.list()).extracting(SigningKey::kid).containsExactly(rotated.kid());
    }

    @Test
    void retiring_happens_in_maintenance_too_without_anyone_signing() {
        SigningKeys keys = keys();
        keys.ensureKey();
        SigningKey rotated = keys.rotate();
        clock.advance(CACHE);

        keys.maintain(Duration.ofDays(30));

        assertThat(store.list().getFirst().retiredAt()).isEqualTo(rotated.activatesAt());
        assertThat(store.list().getLast().retiredAt()).isNull();
    }

    @Test
    void maintenance_rotates_once_the_newest_key_is_as_old_as_the_rotation_interval() {
        SigningKeys keys = keys();
        Duration interval = Duration.ofDays(1);
        keys.ensureKey();

        clock.advance(interval.minusMillis(1));
        assertThat(keys.maintain(interval)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        SigningKey rotated = keys.maintain(interval).orElseThrow();
        assertThat(rotated.activatesAt()).isEqualTo(clock.instant().plus(CACHE));

        // The pending key counts as the newest: no second rotation while it waits to sign.
        clock.advance(Duration.ofMinutes(1));
        assertThat(keys.maintain(interval)).isEmpty();
        assertThat(store.list()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void the_jwks_carries_public_parameters_only(KeyAlgorithm algorithm) throws ParseException {
        SigningKeys keys = keys(algorithm);
        keys.ensureKey();
        keys.rotate();

        List<Map<String, Object>> published = jwksKeys(keys.jwks());

        assertThat(published).hasSize(2).allSatisfy(k -> {
            assertThat(k).containsKeys("kty", "kid", "alg").containsEntry("use", "sig")
                    .containsEntry("alg", algorithm.name()).doesNotContainKeys(PRIVATE_MEMBERS.toArray(String[]::new));
            switch (algorithm) {
                case RS256 -> assertThat(k).containsEntry("kty", "RSA").containsKeys("n", "e");
                case ES256 -> assertThat(k).containsEntry("kty", "EC").containsEntry("crv", "P-256").containsKeys("x", "y");
                case EdDSA -> assertThat(k).containsEntry("kty", "OKP").containsEntry("crv", "Ed25519").containsKeys("x");
            }
        });
        assertThat(store.list()).allSatisfy(k -> assertThat(JSONObjectUtils.parse(k.publicJwk()))
                .doesNotContainKeys(PRIVATE_MEMBERS.toArray(String[]::new)));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void private_keys_are_stored_sealed_and_open_only_with_the_master_key_and_their_kid(KeyAlgorithm algorithm)
            throws ParseException {
        keys(algorithm).ensureKey();
        SigningKey stored = store.list().getFirst();

        JWK privateJwk = JWK.parse(new String(sealer.open(stored.sealedPrivateKey(), "signing-key:" + stored.kid()),
                StandardCharsets.UTF_8));
        assertThat(privateJwk.isPrivate()).isTrue();
        assertThat(privateJwk.getKeyID()).isEqualTo(stored.kid());
        String d = (String) privateJwk.toJSONObject().get("d");
        String sealedAsText = new String(stored.sealedPrivateKey(), StandardCharsets.ISO_8859_1);
        assertThat(sealedAsText).doesNotContain(d).doesNotContain("\"d\"").doesNotContain("kty");

        Sealer otherMasterKey = new Sealer(Secrets.randomBytes(32));
        assertThatThrownBy(() -> otherMasterKey.open(stored.sealedPrivateKey(), "signing-key:" + stored.kid()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.open(stored.sealedPrivateKey(), "signing-key:another-kid"))
                .isInstanceOf(IllegalArgumentException.class);
        SigningKeys wrongMaster = new SigningKeys(store, otherMasterKey, algorithm, CACHE, MAX_TOKEN, clock);
        assertThatThrownBy(wrongMaster::signer)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open with this master key")
                .hasMessageNotContaining(d);
    }

    @Test
    void two_nodes_sharing_a_store_agree_on_the_signer_through_a_rotation() throws ParseException {
        SigningKeys first = keys();
        SigningKeys second = keys(KeyAlgorithm.RS256);
        first.ensureKey();
        second.ensureKey();
        assertThat(second.signer().kid()).isEqualTo(first.signer().kid());

        SigningKey rotated = first.rotate();

        // The second node learns of the new key when its copy of the list is refreshed.
        assertThat(kids(second.jwks())).hasSize(1);
        clock.advance(SigningKeys.STORE_REFRESH);
        assertThat(kids(second.jwks())).contains(rotated.kid()).hasSize(2);
        assertThat(second.signer().kid()).isEqualTo(first.signer().kid()).isNotEqualTo(rotated.kid());

        clock.set(rotated.activatesAt());
        assertThat(second.signer().kid()).isEqualTo(rotated.kid());
        assertThat(first.signer().kid()).isEqualTo(rotated.kid());
        assertThat(second.signer().algorithm()).isEqualTo(KeyAlgorithm.ES256);
        assertThat(store.list().getFirst().retiredAt()).isEqualTo(rotated.activatesAt());
    }

    @Test
    void two_nodes_that_create_a_first_key_at_once_converge_on_one() {
        SigningKeys first = keys();
        SigningKeys second = keys();
        first.ensureKey();
        String firstKid = first.signer().kid();
        // As if the second had seen the store empty too: it made a key of its own at the same moment.
        InMemorySigningKeyStore elsewhere = new InMemorySigningKeyStore();
        new SigningKeys(elsewhere, sealer, KeyAlgorithm.ES256, CACHE, MAX_TOKEN, clock).ensureKey();
        String secondKid = elsewhere.list().getFirst().kid();
        store.add(elsewhere.list().getFirst());

        clock.advance(SigningKeys.STORE_REFRESH);

        // Same activation and creation time: the larger kid wins, on every node.
        String winner = firstKid.compareTo(secondKid) > 0 ? firstKid : secondKid;
        assertThat(first.signer().kid()).isEqualTo(winner);
        assertThat(second.signer().kid()).isEqualTo(winner);
        assertThat(first.published()).hasSize(2);
        assertThat(second.published()).hasSize(2);
        assertThat(store.list()).filteredOn(k -> k.retiredAt() == null).extracting(SigningKey::kid)
                .containsExactly(winner);
    }

    @Test
    void settings_are_checked_up_front() {
        assertThatThrownBy(() -> new SigningKeys(store, sealer, KeyAlgorithm.ES256, Duration.ofSeconds(-1), MAX_TOKEN, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwksCacheLifetime");
        assertThatThrownBy(() -> new SigningKeys(store, sealer, KeyAlgorithm.ES256, CACHE, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokenLifetime");
        assertThatThrownBy(() -> keys().maintain(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rotationInterval");
    }

    @Test
    void a_zero_rotation_interval_never_rotates_on_schedule() {
        SigningKeys keys = keys();
        keys.ensureKey();
        clock.advance(Duration.ofDays(400));
        assertThat(keys.maintain(Duration.ZERO)).isEmpty();
        assertThat(keys.published()).hasSize(1);
    }

    @Test
    void statuses_show_each_published_key_in_its_state_with_its_age_and_rotations_are_audited() {
        InMemoryAuditLog audit = new InMemoryAuditLog();
        SigningKeys keys = new SigningKeys(store, sealer, KeyAlgorithm.ES256, CACHE, MAX_TOKEN, audit, clock);
        keys.ensureKey();
        clock.advance(Duration.ofHours(2));

        SigningKey next = keys.rotate(new Actor("acc-1", "root"));

        assertThat(keys.statuses()).extracting(s -> s.state() + " " + s.age())
                .containsExactly("SIGNING PT2H", "PUBLISHED PT0S");
        clock.advance(CACHE);
        assertThat(keys.statuses()).extracting(s -> s.state() + " " + s.key().kid())
                .containsExactly("RETIRED " + store.list().getFirst().kid(), "SIGNING " + next.kid());
        clock.advance(MAX_TOKEN.plus(SKEW));
        assertThat(keys.statuses()).extracting(KeyStatus::state).containsExactly(KeyStatus.State.SIGNING);
        assertThat(audit.list(Long.MAX_VALUE, 10)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditType.SIGNING_KEY_ROTATED);
            assertThat(e.detail()).isEqualTo(next.kid());
            assertThat(e.actorName()).isEqualTo("root");
        });
    }
}
