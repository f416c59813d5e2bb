package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.testsupport.MovableClock;
import dev.gatehouse.token.rules.KeySet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key-set cache against a stand-in issuer whose answers the test controls. */
class KeySetRefreshTest {

    final TestKeys keys = new TestKeys();
    final MovableClock clock = new MovableClock(StrictVerificationTest.NOW);

    @Test
    void a_flood_of_random_kids_causes_at_most_one_fetch_per_interval() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks());
             GatehouseVerifier verifier = issuer.verifier(clock).jwksRefetchInterval(Duration.ofSeconds(30)).build()) {
            int start = issuer.jwksRequests.get();
            for (int i = 0; i < 1000; i++) {
                String token = TestKeys.sign(keys.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\""
                        + UUID.randomUUID() + "\"}", TestKeys.claims(StrictVerificationTest.NOW, 600));
                assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(UnknownKeyException.class);
            }
            assertThat(issuer.jwksRequests.get() - start).isEqualTo(1);
            clock.advance(Duration.ofSeconds(31));
            String again = TestKeys.sign(keys.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"nope\"}",
                    TestKeys.claims(StrictVerificationTest.NOW, 600));
            assertThatThrownBy(() -> verifier.verify(again)).hasMessageContaining("refetched just now");
            assertThatThrownBy(() -> verifier.verify(again)).hasMessageContaining("not again yet");
            assertThat(issuer.jwksRequests.get() - start).isBetween(2, 3); // + at most one refresh on its schedule
        }
    }

    @Test
    void the_set_is_refreshed_when_its_max_age_runs_out_and_kept_when_the_issuer_is_unreachable() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks())) {
            issuer.cacheControl = "public, max-age=60";
            try (GatehouseVerifier verifier = issuer.verifier(clock).revocationStaleness(Duration.ofHours(1)).build()) {
                String token = StrictVerificationTest.valid(keys.ec);
                verifier.verify(token);
                int fetched = issuer.jwksRequests.get();
                issuer.jwksFails = true;
                clock.advance(Duration.ofSeconds(61));
                Await.until("a refresh attempt", () -> issuer.jwksRequests.get() > fetched);
                assertThat(verifier.keyIds()).contains("rsa-1", "ec-1", "ed-1");
                assertThat(verifier.verify(StrictVerificationTest.valid(keys.ed)).keyId()).isEqualTo("ed-1");

                issuer.jwksFails = false;
                issuer.jwks = new JWKSet(List.of(keys.rsa)).toString(true);
                clock.advance(Duration.ofSeconds(6)); // retry after a failure comes 5 s later
                Await.until("the new set", () -> verifier.keyIds().equals(java.util.Set.of("rsa-1")));
            }
        }
    }

    @Test
    void without_any_key_set_verification_fails_with_keys_unavailable() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks())) {
            issuer.jwksFails = true;
            try (GatehouseVerifier verifier = issuer.verifier(clock).build()) {
                assertThatThrownBy(() -> verifier.verify(StrictVerificationTest.valid(keys.rsa)))
                        .isInstanceOf(KeysUnavailableException.class)
                        .extracting(e -> ((TokenRejectedException) e).status()).isEqualTo(503);
            }
        }
    }

    @Test
    void a_key_set_with_private_material_or_duplicate_kids_is_refused_whole_and_weak_keys_are_set_aside() {
        assertThatThrownBy(() -> KeySet.parse(new JWKSet(List.of(keys.rsa)).toString(false)))
                .isInstanceOf(KeySet.KeySetException.class).hasMessageContaining("private or symmetric key material");
        String pub = keys.rsa.toPublicJWK().toJSONString();
        assertThatThrownBy(() -> KeySet.parse("{\"keys\":[" + pub + "," + pub + "]}"))
                .hasMessageContaining("two keys with kid rsa-1");
        String encKey = pub.replace("\"use\":\"sig\"", "\"use\":\"enc\"");
        assertThat(assertDoesNotThrow(encKey).unusableReason("rsa-1")).hasValue("key is for use enc, not sig");
        String noAlg = pub.replace("\"alg\":\"RS256\",", "").replace(",\"alg\":\"RS256\"", "");
        assertThat(assertDoesNotThrow(noAlg).unusableReason("rsa-1")).get().asString().contains("declares no alg");
    }

    private static KeySet assertDoesNotThrow(String jwk) {
        try {
            return KeySet.parse("{\"keys\":[" + jwk + "]}");
        } catch (KeySet.KeySetException e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
