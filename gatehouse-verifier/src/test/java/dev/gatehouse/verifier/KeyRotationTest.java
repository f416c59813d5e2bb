package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testsupport.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation on a real Gatehouse server, seen from the verifier. */
class KeyRotationTest {

    @TempDir
    Path data;

    @Test
    void a_rotated_key_is_picked_up_from_the_published_set_before_it_signs_and_the_old_key_keeps_verifying()
            throws Exception {
        try (RealGatehouse gatehouse = new RealGatehouse(data);
             // the clock jumps minutes ahead while keep-alives come every 15 s of real time: staleness is not the subject
             GatehouseVerifier verifier = gatehouse.verifier().revocationStaleness(Duration.ofHours(1)).build()) {
            gatehouse.createAccount("alice");
            String oldToken = gatehouse.login("alice").path("access_token").asText();
            String oldKid = verifier.verify(oldToken).keyId();

            String newKid = gatehouse.gatehouse().signingKeys().rotate().kid();
            // the JWKS announces max-age 295 s; once that passes on the clock, the verifier refreshes by itself
            gatehouse.clock.advance(Duration.ofSeconds(296));
            Await.until("the verifier to refresh its key set", () -> verifier.keyIds().contains(newKid));
            long fetches = verifier.jwksFetches();

            gatehouse.clock.advance(Duration.ofSeconds(5)); // the new key activates 300 s after rotation
            String newToken = gatehouse.login("alice").path("access_token").asText();
            assertThat(verifier.verify(newToken).keyId()).isEqualTo(newKid);
            assertThat(verifier.verify(oldToken).keyId()).isEqualTo(oldKid);
            assertThat(verifier.jwksFetches()).as("no refetch was needed for the new kid").isEqualTo(fetches);
        }
    }

    @Test
    void a_token_signed_by_a_key_the_verifier_has_not_seen_yet_triggers_one_refetch() throws Exception {
        try (RealGatehouse gatehouse = new RealGatehouse(data);
             // the clock jumps minutes ahead while keep-alives come every 15 s of real time: staleness is not the subject
             GatehouseVerifier verifier = gatehouse.verifier().revocationStaleness(Duration.ofHours(1)).build()) {
            gatehouse.createAccount("alice");
            String newKid = gatehouse.gatehouse().signingKeys().rotate().kid();
            gatehouse.clock.advance(Duration.ofSeconds(301)); // signs now, but the verifier's copy is fresh... not quite:
            // its copy (max-age 295 s) may refresh by itself any moment; either path must end with the key known
            String token = gatehouse.login("alice").path("access_token").asText();
            assertThat(verifier.verify(token).keyId()).isEqualTo(newKid);
        }
    }

    @Test
    void a_key_removed_from_the_set_no_longer_verifies_even_a_cached_token() throws Exception {
        TestKeys keys = new TestKeys();
        MovableClock clock = new MovableClock(StrictVerificationTest.NOW);
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks());
             GatehouseVerifier verifier = issuer.verifier(clock).revocationStaleness(Duration.ofHours(1)).build()) {
            String token = StrictVerificationTest.valid(keys.rsa);
            verifier.verify(token);
            assertThat(verifier.cachedTokens()).isEqualTo(1);
            issuer.jwks = new com.nimbusds.jose.jwk.JWKSet(java.util.List.of(keys.ec)).toString(true);
            clock.advance(Duration.ofSeconds(301));
            Await.until("the refreshed set", () -> !verifier.keyIds().contains("rsa-1"));
            assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(UnknownKeyException.class);
        }
    }
}
