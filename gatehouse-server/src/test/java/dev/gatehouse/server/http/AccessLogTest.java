package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.LogLines.parse;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.log.AccessLog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The access log, the audit log as JSON lines, and the request id that ties a request to its lines. */
class AccessLogTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    LogLines access;

    @BeforeEach
    void start() {
        access = new LogLines("gatehouse.access");
        server.createAccount("alice", false);
    }

    @AfterEach
    void stop() {
        access.close();
    }

    @Test
    void every_request_writes_one_json_line_with_its_request_id_and_route_and_never_a_secret() throws Exception {
        Browser browser = new Browser(server);
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(browser.login("alice"));
        String token = browser.cookies.get("__Host-gatehouse");
        String sid = json(responses.getFirst()).path("session_id").asText();
        responses.add(browser.get("/v1/verify"));
        responses.add(browser.get("/v1/sessions?after=" + token));
        responses.add(browser.delete("/v1/sessions/" + sid));
        responses.add(browser.get("/no/such/page"));

        List<String> lines = access.awaitCount(responses.size());

        assertThat(lines).hasSize(responses.size());
        List<JsonNode> entries = lines.stream().map(LogLines::parse).toList();
        assertThat(entries).extracting(e -> e.path("request_id").asText())
                .containsExactlyElementsOf(responses.stream()
                        .map(r -> r.headers().firstValue("X-Request-Id").orElseThrow()).toList());
        assertThat(entries).extracting(e -> e.path("route").asText())
                .containsExactly("/v1/login", "/v1/verify", "/v1/sessions", "/v1/sessions/{sid}", "unmatched");
        assertThat(entries).extracting(e -> e.path("status").asInt()).containsExactly(200, 200, 200, 204, 404);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("time").asText()).isNotEmpty();
            assertThat(e.path("method").asText()).isIn("GET", "POST", "DELETE");
            assertThat(e.path("duration_ms").isNumber()).isTrue();
            assertThat(e.path("client").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("user_agent").asText()).isEqualTo("GatehouseTestBrowser/1.0");
        });
        assertThat(String.join("\n", lines)).doesNotContain(token).doesNotContain(sid)
                .doesNotContain(TestServer.PASSWORD).doesNotContain("__Host-gatehouse").doesNotContain("after=");
    }

    @Test
    void a_well_formed_incoming_request_id_is_kept_and_a_malformed_one_is_replaced() throws Exception {
        Browser browser = new Browser(server);
        String kept = withRequestId(browser, "edge-7f3a.b_9");
        String tooLong = withRequestId(browser, "a".repeat(65));
        String badCharacters = withRequestId(browser, "id with spaces; and=more");
        String none = browser.get("/health").headers().firstValue("X-Request-Id").orElseThrow();

        assertThat(kept).isEqualTo("edge-7f3a.b_9");
        assertThat(List.of(tooLong, badCharacters, none)).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{16}"))
                .doesNotHaveDuplicates();
        assertThat(access.awaitCount(4)).extracting(l -> parse(l).path("request_id").asText())
                .containsExactly(kept, tooLong, badCharacters, none);
    }

    @Test
    void the_access_log_can_be_switched_off(@TempDir Path quietData) throws Exception {
        try (TestServer quiet = TestServer.start(quietData, Map.of(Setting.LOG_ACCESS, "off"))) {
            HttpResponse<String> r = new Browser(quiet).get("/health");
            assertThat(r.headers().firstValue("X-Request-Id")).isPresent();

            // a request to a server that logs, after it: its line is the only one
            String logged = new Browser(server).get("/health").headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(access.awaitCount(1)).singleElement()
                    .satisfies(line -> assertThat(parse(line).path("request_id").asText()).isEqualTo(logged));
        }
    }

    @Test
    void a_server_error_shows_the_same_request_id_in_its_body_header_and_access_log_line() throws Exception {
        server.gatehouse().close(); // the store is gone: a sign-in is answered 503 store_unavailable
        Browser browser = new Browser(server);

        HttpResponse<String> r = browser.send(browser.request("/v1/login").header("X-Request-Id", "support-case-42")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD + "\"}")), true);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("code").asText()).isEqualTo("store_unavailable");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(json(r).path("request_id").asText()).isEqualTo("support-case-42");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("support-case-42");
        assertThat(access.awaitCount(1)).singleElement().satisfies(line -> {
            assertThat(parse(line).path("request_id").asText()).isEqualTo("support-case-42");
            assertThat(parse(line).path("status").asInt()).isEqualTo(503);
        });
    }

    @Test
    void every_audit_event_is_also_a_json_line_without_secrets() throws Exception {
        try (LogLines audit = new LogLines("gatehouse.audit")) {
            Browser browser = new Browser(server);
            browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"not " + TestServer.PASSWORD + "\"}");
            browser.login("alice");
            String token = browser.cookies.get("__Host-gatehouse");

            List<JsonNode> events = audit.lines().stream().map(LogLines::parse).toList();

            assertThat(events).extracting(e -> e.path("type").asText())
                    .containsExactly("SIGN_IN_FAILED", "SIGN_IN_SUCCEEDED");
            JsonNode failed = events.getFirst();
            assertThat(failed.path("username").asText()).isEqualTo("alice");
            assertThat(failed.path("detail").asText()).isEqualTo("invalid_credentials");
            assertThat(failed.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(failed.path("seq").asLong()).isPositive();
            assertThat(events.get(1).path("session_id").asText()).isNotEmpty();
            assertThat(String.join("\n", audit.lines())).doesNotContain(TestServer.PASSWORD).doesNotContain(token);
        }
    }

    @Test
    void a_line_is_one_json_object_in_the_documented_order_with_nulls_and_escaped_characters() throws Exception {
        new AccessLog().log(Instant.parse("2026-01-01T12:00:00.123Z"), "q0Vb3k9XyZ1aB2cD",
                "DELETE", "/v1/sessions/{sid}", 204, 1_482_999, "203.0.113.7", "agent \"quoted\"\nsecond line\u0001");
        new AccessLog().log(Instant.parse("2026-01-01T12:00:00Z"), "id", "GET",
                "/health", 200, 5_000, "127.0.0.1", null);

        assertThat(access.awaitCount(2)).containsExactly(
                "{\"time\":\"2026-01-01T12:00:00.123Z\",\"request_id\":\"q0Vb3k9XyZ1aB2cD\",\"method\":\"DELETE\","
                        + "\"route\":\"/v1/sessions/{sid}\",\"status\":204,\"duration_ms\":1.482,\"client\":\"203.0.113.7\","
                        + "\"user_agent\":\"agent \\\"quoted\\\"\\nsecond line\\u0001\"}",
                "{\"time\":\"2026-01-01T12:00:00Z\",\"request_id\":\"id\",\"method\":\"GET\",\"route\":\"/health\","
                        + "\"status\":200,\"duration_ms\":0.005,\"client\":\"127.0.0.1\",\"user_agent\":null}");
    }

    private static String withRequestId(Browser browser, String id) {
        return browser.send(browser.request("/health").header("X-Request-Id", id).GET(), false)
                .headers().firstValue("X-Request-Id").orElseThrow();
    }
}
