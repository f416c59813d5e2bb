package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A client's tokens for itself pass the one rulebook without what a person proves, and are told apart from account tokens. */
class ClientTokensTest {

    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
    private final MovableClock clock = new MovableClock(T0);
    private final AccessTokens tokens;

    ClientTokensTest() {
        SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), new Sealer(Secrets.randomBytes(32)),
                KeyAlgorithm.ES256, Duration.ofMinutes(5), Duration.ofMinutes(15), clock);
        keys.ensureKey();
        tokens = new AccessTokens(keys, "https://id.example.com", Duration.ofMinutes(5), Duration.ofSeconds(60), clock);
    }

    @Test
    void a_client_token_verifies_without_amr_or_auth_time_and_is_recognised() {
        AccessTokenClaims claims = tokens.verify(tokens.issueForClient("svc", "api", "orders:read").token());
        assertThat(claims.subject()).isEqualTo("svc");
        assertThat(claims.sessionId()).startsWith(AccessTokens.CLIENT_SESSION_PREFIX);
        assertThat(claims.amr()).isEmpty();
        assertThat(claims.authTime()).isNull();
        assertThat(claims.acr()).isNull();
        assertThat(AccessTokens.isClientToken(claims)).isTrue();
        assertThat(tokens.verify(tokens.issueForClient("svc", "api", "x").token()).sessionId())
                .isNotEqualTo(claims.sessionId());
    }

    @Test
    void an_account_token_is_never_a_client_token_even_with_a_lookalike_sid() {
        Authentications proof = Authentications.of(AuthMethod.PASSWORD, T0);
        AccessTokenClaims claims = tokens.verify(tokens.issue("svc", "cc-lookalike", "svc", "api", null, proof).token());
        assertThat(AccessTokens.isClientToken(claims)).isFalse();
    }
}
