package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.verifier.GatehouseVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example service against a real Gatehouse server: sign in, call it, revoke, be refused. */
class ResourceServiceTest {

    static final String PASSWORD = TestServer.PASSWORD;
    static final String CLIENT_SECRET = "orders-api-secret-0123456789abcdefghij";
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    ResourceService service;

    @BeforeEach
    void start() throws Exception {
        server.createAccount("alice", false);
        server.gatehouse().clients().create("orders-api", CLIENT_SECRET, Set.of());
        service = new ResourceService(GatehouseVerifier.builder().issuer(TestServer.ORIGIN).audience("api")
                .gatehouse(server.uri("")).clientCredentials("orders-api", CLIENT_SECRET).clock(server.clock).build(), 0);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    HttpResponse<String> orders(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/orders"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_signed_in_user_sees_their_orders_until_the_session_is_revoked() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"" + PASSWORD
                        + "\",\"transport\":\"token\"}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode tokens = json.readTree(login.body());
        String access = tokens.path("access_token").asText();
        String sid = tokens.path("session_id").asText();

        HttpResponse<String> ok = orders(access);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).path("session").asText()).isEqualTo(sid);

        // the app signs out (RFC 7009): its refresh token ends the session
        HttpResponse<Void> revoke = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + tokens.path("refresh_token").asText())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(revoke.statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> refused = orders(access);
        while (refused.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            refused = orders(access);
        }
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).contains("error=\"invalid_token\"").contains("was revoked"));
    }

    @Test
    void a_caller_without_a_token_gets_a_bearer_challenge() throws Exception {
        HttpResponse<String> r = orders(null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orders\"");
    }
}
