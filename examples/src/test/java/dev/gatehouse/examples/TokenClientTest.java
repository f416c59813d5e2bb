package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token-transport client example against a real Gatehouse: call, rotate on 401, detect reuse, sign out. */
class TokenClientTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();

    @Test
    void the_client_calls_with_its_token_rotates_on_401_and_after_signing_out_is_refused() throws Exception {
        server.createAccount("alice", false);
        TokenClient client = new TokenClient(server.uri(""));
        URI verify = server.uri("/v1/verify");
        client.signIn("alice", TestServer.PASSWORD);

        HttpResponse<String> first = client.get(verify);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Remote-User")).hasValue("alice");
        String before = client.refreshToken().orElseThrow();

        server.clock.advance(Duration.ofMinutes(11)); // past the access token's 10 minutes
        HttpResponse<String> later = client.get(verify);
        assertThat(later.statusCode()).as("401, one rotation, the call again").isEqualTo(200);
        assertThat(client.refreshToken()).hasValueSatisfying(now -> assertThat(now).isNotEqualTo(before));

        client.signOut();
        assertThat(client.get(verify).statusCode()).isEqualTo(401);
    }

    @Test
    void a_spent_refresh_token_presented_again_ends_the_session() throws Exception {
        server.createAccount("alice", false);
        TokenClient app = new TokenClient(server.uri(""));
        app.signIn("alice", TestServer.PASSWORD);
        String stolen = app.refreshToken().orElseThrow();
        assertThat(app.refresh()).isTrue();

        server.clock.advance(Duration.ofSeconds(11)); // past tokens.refresh-grace
        TokenClient thief = new TokenClient(server.uri(""));
        thief.holdRefreshToken(stolen);

        assertThat(thief.refresh()).as("reuse is refused").isFalse();
        assertThat(app.refresh()).as("and the session it came from is over").isFalse();
    }

    @Test
    void a_wrong_password_is_refused_with_gatehouses_answer() {
        server.createAccount("alice", false);
        TokenClient client = new TokenClient(server.uri(""));
        org.assertj.core.api.Assertions.assertThatIOException()
                .isThrownBy(() -> client.signIn("alice", "not the password"))
                .withMessageContaining("HTTP 401").withMessageContaining("invalid_credentials");
    }
}
