package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier's client credentials: checked when built, sent on every feed request, never shown. */
class FeedCredentialsTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String SECRET = "s3cret with spaces: and colons & more 0123456789";

    FakeIssuer issuer;

    @BeforeEach
    void start() throws Exception {
        issuer = new FakeIssuer(new TestKeys().jwks());
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void the_page_and_the_stream_requests_both_carry_the_client_credentials_as_http_basic() throws Exception {
        try (GatehouseVerifier verifier = issuer.verifier(new MovableClock(NOW))
                .clientCredentials("orders:api", SECRET).build()) {
            Await.until("the stream to be opened", () -> issuer.feedRequests().stream().anyMatch(r -> r.startsWith("/v1/revocations/stream ")));
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    "orders%3Aapi:s3cret+with+spaces%3A+and+colons+%26+more+0123456789".getBytes(StandardCharsets.UTF_8));
            assertThat(issuer.feedRequests()).contains("/v1/revocations " + expected,
                    "/v1/revocations/stream " + expected);
        }
    }

    @Test
    void credentials_are_checked_when_built_and_the_secret_is_never_shown() {
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).clientCredentials("orders-api", "").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientCredentials secret is required and must not be empty");
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).clientCredentials(" ", SECRET).build())
                .hasMessage("clientCredentials client id is required and must not be blank");
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).clientCredentials("a b", SECRET).build())
                .hasMessage("clientCredentials client id must not contain spaces or control characters");
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).clientCredentials(null, SECRET).build())
                .hasMessageNotContaining(SECRET);
        assertThat(new ClientCredentials("orders-api", SECRET).toString()).isEqualTo("ClientCredentials[orders-api]");
    }
}
