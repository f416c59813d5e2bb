package dev.gatehouse.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Gatehouse;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.http.GatehouseServer;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * A real Gatehouse server over a real SQLite store in a temporary folder, with cheap password
 * hashing and a clock the test moves (the verifier gets the same clock). Unlike the server's own
 * test helper it keeps its port across {@link #stop()} and {@link #start()}, so a verifier can
 * see it go away and come back. It registers the confidential client {@link #CLIENT} that
 * verifiers read the revocation feed as.
 */
final class RealGatehouse implements AutoCloseable {

    static final String ORIGIN = "https://gatehouse.test";
    static final String PASSWORD = "correct horse battery staple";
    /** The registered client verifiers follow the revocation feed as. */
    static final String CLIENT = "orders-api";
    static final String SECRET = "orders-api-secret-0123456789abcdefghij";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Path data;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Gatehouse gatehouse;
    private GatehouseServer server;

    RealGatehouse(Path data) throws IOException {
        this.data = data;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
        gatehouse.clients().create(CLIENT, SECRET, Set.of());
    }

    void start() {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        raw.put(Setting.SERVER_PORT, Integer.toString(port));
        raw.put(Setting.SERVER_PUBLIC_ORIGIN, ORIGIN);
        raw.put(Setting.STORE_DATA_DIR, data.toString());
        raw.put(Setting.PASSWORD_MEMORY_KIB, "64");
        raw.put(Setting.PASSWORD_ITERATIONS, "1");
        gatehouse = Gatehouse.open(Settings.from(raw), Map.of(), clock);
        server = GatehouseServer.start(gatehouse);
    }

    void stop() {
        server.close();
        gatehouse.close();
    }

    Gatehouse gatehouse() {
        return gatehouse;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
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
        gatehouse.accounts().create(name, PASSWORD, false);
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
