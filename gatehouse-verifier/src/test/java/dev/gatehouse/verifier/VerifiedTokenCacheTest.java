package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The verified-token cache: a hit skips the signature, never revocation, never past expiry; it stays bounded. */
class VerifiedTokenCacheTest {

    final TestKeys keys = new TestKeys();
    final MovableClock clock = new MovableClock(StrictVerificationTest.NOW);

    @Test
    void a_cached_token_is_still_refused_once_revoked() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks());
             GatehouseVerifier verifier = issuer.verifier(clock).build()) {
            String token = StrictVerificationTest.valid(keys.ed);
            VerifiedToken first = verifier.verify(token);
            assertThat(verifier.verify(token)).isSameAs(first); // served from the cache
            issuer.revoke("session", "sid-1", StrictVerificationTest.NOW, StrictVerificationTest.NOW.plusSeconds(660));
            Await.until("the revocation", () -> Await.refused(verifier, token, RevokedTokenException.class));
        }
    }

    @Test
    void a_cached_token_is_not_served_past_its_expiry() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks());
             GatehouseVerifier verifier = issuer.verifier(clock).clockSkew(Duration.ZERO).build()) {
            String token = TestKeys.sign(keys.rsa, TestKeys.header(keys.rsa), TestKeys.claims(StrictVerificationTest.NOW, 10));
            verifier.verify(token);
            clock.advance(Duration.ofSeconds(10));
            assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(ExpiredTokenException.class)
                    .hasMessage("expired 0 ms ago, allowed skew 0 ms");
        }
    }

    @Test
    void a_token_differing_in_one_character_is_not_a_cache_hit() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(keys.jwks());
             GatehouseVerifier verifier = issuer.verifier(clock).build()) {
            String token = StrictVerificationTest.valid(keys.rsa);
            verifier.verify(token);
            char last = token.charAt(token.length() - 1);
            String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'Q' : 'A');
            assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(TokenRejectedException.class);
        }
    }
}
