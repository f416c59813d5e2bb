package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.store.testkit.TestPostgres;
import dev.gatehouse.testsupport.MovableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on PostgreSQL, chosen by settings alone. */
class PostgresServerTest {

    @TempDir
    Path data;
    TestPostgres.Schema schema;
    TestServer server;

    @BeforeEach
    void start() {
        schema = TestPostgres.newSchema();
        server = TestServer.start(data, Map.of(Setting.STORE_BACKEND, "postgres",
                Setting.STORE_POSTGRES_URL, schema.url(), Setting.STORE_POSTGRES_USER, TestPostgres.USER));
        server.createAccount("alice", false);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void cookie_and_token_sessions_work_on_postgres_and_survive_a_restart() throws Exception {
        Browser web = new Browser(server);
        assertThat(web.login("alice").statusCode()).isEqualTo(200);
        Browser api = new Browser(server);
        api.fetchSite = null;
        api.origin = null;
        JsonNode grant = new ObjectMapper().readTree(api.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}").body());

        server.restart();

        assertThat(web.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(api.postJson("/v1/refresh", "{\"refresh_token\":\"" + grant.path("refresh_token").asText() + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(web.get("/v1/sessions").body()).path("sessions")).hasSize(2);
    }

    @Test
    void sign_in_attempts_are_counted_across_nodes_without_redis() {
        Map<Setting, String> shared = Map.of(Setting.STORE_BACKEND, "postgres", Setting.STORE_POSTGRES_URL, schema.url(),
                Setting.STORE_POSTGRES_USER, TestPostgres.USER, Setting.PASSWORD_MAX_ATTEMPTS, "3");
        // the data folder holds only the master key here, which the nodes must share
        TestServer a = TestServer.startNode(data, shared, Map.of(), new MovableClock(Instant.parse("2026-01-01T00:00:00Z")));
        TestServer b = TestServer.startNode(data, shared, Map.of(), new MovableClock(Instant.parse("2026-01-01T00:00:00Z")));
        try {
            // two wrong guesses through one node, one through the other: three in all
            assertThat(login(a, "wrong guess 1").statusCode()).isEqualTo(401);
            assertThat(login(b, "wrong guess 2").statusCode()).isEqualTo(401);
            assertThat(login(a, "wrong guess 3").statusCode()).isEqualTo(401);

            assertThat(login(b, TestServer.PASSWORD).statusCode()).isEqualTo(429);
            assertThat(login(a, TestServer.PASSWORD).statusCode()).isEqualTo(429);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void an_account_lock_reached_through_one_node_holds_on_the_other() {
        Map<Setting, String> shared = Map.of(Setting.STORE_BACKEND, "postgres", Setting.STORE_POSTGRES_URL, schema.url(),
                Setting.STORE_POSTGRES_USER, TestPostgres.USER, Setting.PASSWORD_MAX_ATTEMPTS, "0",
                Setting.PASSWORD_ACCOUNT_LOCK_AFTER, "3", Setting.PASSWORD_ACCOUNT_LOCK, "1m");
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TestServer a = TestServer.startNode(data, shared, Map.of(), clock);
        TestServer b = TestServer.startNode(data, shared, Map.of(), clock);
        try {
            assertThat(login(a, "wrong guess 1").statusCode()).isEqualTo(401);
            assertThat(login(b, "wrong guess 2").statusCode()).isEqualTo(401);
            assertThat(login(a, "wrong guess 3").statusCode()).isEqualTo(401);
            assertThat(login(b, "wrong guess 4").statusCode()).as("locks the account").isEqualTo(429);

            assertThat(login(a, TestServer.PASSWORD).statusCode()).isEqualTo(429);
            assertThat(login(b, TestServer.PASSWORD).statusCode()).isEqualTo(429);
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(login(a, TestServer.PASSWORD).statusCode()).isEqualTo(200);
        } finally {
            a.close();
            b.close();
        }
    }

    private static HttpResponse<String> login(TestServer node, String password) {
        Browser api = new Browser(node);
        api.fetchSite = null;
        api.origin = null;
        return api.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + password + "\"}");
    }
}
