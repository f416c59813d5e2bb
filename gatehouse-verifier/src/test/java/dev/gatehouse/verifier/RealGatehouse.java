package dev.gatehouse.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Gatehouse;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The server's {@link TestServer} (a real Gatehouse over SQLite in the test's folder, cheap
 * password hashing, a clock the test moves and the verifier gets too, the same port across
 * {@link #stop()} and {@link #start()} so a verifier can see it go away and come back), with what
 * verifier tests add: the registered confidential client {@link #CLIENT} that verifiers read the
 * revocation feed as, and sign-in and sign-out over HTTP.
 */
final class RealGatehouse implements AutoCloseable {

    static final String ORIGIN = TestServer.ORIGIN;
    static final String PASSWORD = TestServer.PASSWORD;
    /** The registered client verifiers follow the revocation feed as. */
    static final String CLIENT = "orders-api";
    static final String SECRET = "orders-api-secret-0123456789abcdefghij";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final MovableClock clock;
    private final TestServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RealGatehouse(Path data) {
        this(data, Map.of());
    }

    /** The same, with these server settings over the test defaults. */
    RealGatehouse(Path data, Map<Setting, String> overrides) {
        server = TestServer.start(data, overrides);
        clock = server.clock;
        server.gatehouse().clients().create(CLIENT, SECRET, Set.of());
    }

    void start() {
        server.start();
    }

    void stop() {
        server.close();
    }

    Gatehouse gatehouse() {
        return server.gatehouse();
    }

    URI base() {
        return server.uri("");
    }

    /** A verifier of this server's tokens that follows the feed as the registered {@link #CLIENT}. */
    GatehouseVerifier.Builder verifier() {
        return anonymousVerifier().clientCredentials(CLIENT, SECRET);
    }

    /** The same, without client credentials. */
    GatehouseVerifier.Builder anonymousVerifier() {
        return GatehouseVerifier.builder().issuer(ORIGIN).audience("api").gatehouse(base()).clock(clock);
    }

    void createAccount(String name) {
        server.createAccount(name, false);
    }

    /** Signs in over the token transport; the answer has access_token, refresh_token, session_id. */
    JsonNode login(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base().resolve("/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                        + "\",\"transport\":\"token\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        return MAPPER.readTree(r.body());
    }

    /**
     * Ends a token session as its app signs out: {@code POST /oauth2/revoke} with the session's
     * refresh token (RFC 7009, the web client); returns the status.
     */
    int revokeSession(JsonNode login) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base().resolve("/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + login.path("refresh_token").asText())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        stop();
    }
}
