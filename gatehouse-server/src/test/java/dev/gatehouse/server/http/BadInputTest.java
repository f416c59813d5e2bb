package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.http.GatehouseServer.Route;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a request can be wrong is a 4xx problem+json with a stable code, and stores nothing.
 * Beside the cases by hand, one generated run sends every malformation of {@link BadRequests} to
 * every route of the server's table, signed out and signed in as an admin.
 */
class BadInputTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", true);
        browser = new Browser(server);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"username\":                                   | 400 | malformed_json",
        "[1,2]                                            | 400 | invalid_field",
        "\"text\"                                         | 400 | invalid_field",
        "null                                             | 400 | invalid_field",
        "{\"username\":\"alice\"}                         | 400 | missing_field",
        "{\"password\":\"x\"}                             | 400 | missing_field",
        "{\"username\":\"alice\",\"password\":\"\"}       | 400 | missing_field",
        "{\"username\":5,\"password\":\"x\"}              | 400 | invalid_field",
        "{\"username\":\"a\",\"password\":\"x\",\"admin\":true} | 400 | unknown_field",
        "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"} | 400 | malformed_json",
        "{\"username\":\"a\",\"password\":\"x\"} trailing | 400 | malformed_json",
        "{\"username\":\"a\",\"password\":\"x\",\"transport\":\"carrier-pigeon\"} | 400 | unsupported_transport",
    })
    void a_malformed_login_body_is_refused_with_its_code(String body, int status, String expectedCode) {
        HttpResponse<String> response = browser.postJson("/v1/login", body);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(code(response)).isEqualTo(expectedCode);
    }

    @Test
    void an_empty_body_is_refused() {
        assertThat(code(browser.postJson("/v1/login", ""))).isEqualTo("missing_body");
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        HttpResponse<String> response = browser.post("/v1/login", "text/plain", "username=alice");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(code(response)).isEqualTo("unsupported_media_type");
        assertThat(browser.post("/v1/login", null, "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void an_oversized_body_is_413_problem_json() {
        String huge = "{\"username\":\"" + "a".repeat(20_000) + "\",\"password\":\"x\"}";
        // The server answers 413 from the headers and closes; waiting for "100 Continue" before sending
        // the body keeps the client from writing into the closed connection and missing the answer.
        HttpResponse<String> response = browser.send(browser.request("/v1/login").expectContinue(true)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)), true);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(code(response)).isEqualTo("payload_too_large");
    }

    @Test
    void an_oversized_chunked_body_is_413_too() {
        String huge = "{\"username\":\"" + "a".repeat(20_000) + "\",\"password\":\"x\"}";
        HttpRequest.Builder b = browser.request("/v1/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())));
        HttpResponse<String> response = browser.send(b, true);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void an_unknown_path_is_a_404_problem_and_a_wrong_method_a_405() {
        HttpResponse<String> missing = browser.get("/v1/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(code(missing)).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = browser.get("/v1/login");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void a_request_the_server_cannot_parse_is_a_400_problem() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json", "\"code\":\"bad_request\"");
        }
    }

    @Test
    void bad_admin_input_is_refused_and_leaves_accounts_as_they_were() {
        browser.login("alice");
        assertThat(code(browser.postJson("/v1/admin/accounts", "{\"username\":\"bob\",\"password\":\"short\"}")))
                .isEqualTo("weak_password");
        assertThat(code(browser.postJson("/v1/admin/accounts", "{\"username\":\"bob\",\"password\":\"password123\"}")))
                .isEqualTo("weak_password");
        assertThat(code(browser.postJson("/v1/admin/accounts", "{\"username\":\"bad name!\",\"password\":\"long enough pass\"}")))
                .isEqualTo("invalid_username");
        assertThat(code(browser.postJson("/v1/admin/accounts", "{\"username\":\"ALICE\",\"password\":\"long enough pass\"}")))
                .isEqualTo("account_exists");
        assertThat(code(browser.postJson("/v1/admin/accounts", "{\"username\":\"bob\",\"password\":\"long enough pass\",\"admin\":\"yes\"}")))
                .isEqualTo("invalid_field");
        assertThat(code(browser.get("/v1/admin/audit?limit=abc"))).isEqualTo("invalid_parameter");
        assertThat(code(browser.get("/v1/admin/audit?limit=0"))).isEqualTo("invalid_parameter");
        assertThat(browser.post("/v1/admin/accounts/nobody/lock", null, "").statusCode()).isEqualTo(404);
        assertThat(server.gatehouse().accounts().list()).extracting(a -> a.username()).containsExactly("alice");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();
    }

    @Test
    void every_route_refuses_malformed_input_without_a_5xx_a_stack_trace_an_echoed_secret_or_a_change() throws Exception {
        everyRouteRefusesMalformedInput(false);
    }

    @Test
    void every_route_refuses_malformed_input_from_a_signed_in_admin_the_same_way() throws Exception {
        everyRouteRefusesMalformedInput(true);
    }

    private static final String CLIENT_SECRET = "client-secret-that-is-long-enough-0123456789";

    private void everyRouteRefusesMalformedInput(boolean signedIn) throws Exception {
        server.gatehouse().clients().create("orders", CLIENT_SECRET, Set.of());
        HttpResponse<String> tokens = new Browser(server).postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}");
        String refreshToken = Responses.json(tokens).path("refresh_token").asText();
        assertThat(refreshToken).isNotEmpty();
        String sessionCookie = signIn();
        BadRequests.Secrets secrets = new BadRequests.Secrets(sessionCookie, refreshToken, TestServer.PASSWORD,
                "orders", CLIENT_SECRET);
        Path data = server.settings().dataDirectory();
        List<String> failures = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        List<String> sessionCookies = new ArrayList<>(List.of(sessionCookie));
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        Map<String, java.util.Set<Integer>> byCase = new java.util.TreeMap<>();
        long started = System.nanoTime();
        int sent = 0;
        try (LogLines log = LogLines.everything()) {
            Map<String, List<String>> before = StoredState.of(data);
            for (Route route : server.routes()) {
                Set<String> allowed = server.routes().stream().filter(r -> r.path().equals(route.path()))
                        .map(r -> r.method().text()).collect(Collectors.toSet());
                String target = route.path().replace("{sid}", "no-such-session").replace("{username}", "nobody");
                String auth = signedIn ? "Cookie: " + Cookies.SESSION + "=" + sessionCookies.getLast()
                        + "\r\nOrigin: " + TestServer.ORIGIN + "\r\nSec-Fetch-Site: same-origin\r\n" : "";
                for (BadRequests.Case c : BadRequests.of(route.method(), target, allowed, auth, secrets)) {
                    String where = route.method().text() + " " + route.path() + " / " + c.name();
                    String answer = BadRequests.exchange(server.port(), c);
                    sent++;
                    int status = BadRequests.status(answer);
                    statuses.merge(status, 1, Integer::sum);
                    byCase.computeIfAbsent(c.name(), k -> new java.util.TreeSet<>()).add(status);
                    if (status >= 500) {
                        failures.add(where + ": " + status + " " + firstLine(answer));
                    }
                    for (String secret : secrets.all()) {
                        if (answer.contains(secret)) {
                            failures.add(where + ": the answer holds a secret");
                        }
                    }
                    Map<String, List<String>> after = StoredState.of(data);
                    if (status >= 200 && status < 400 && !Set.of("GET", "HEAD").contains(c.method())) {
                        accepted.add(where + ": " + status); // taken as a request: what it changed is its effect
                        if (signedIn) {
                            sessionCookies.add(signIn());
                            auth = "Cookie: " + Cookies.SESSION + "=" + sessionCookies.getLast()
                                    + "\r\nOrigin: " + TestServer.ORIGIN + "\r\nSec-Fetch-Site: same-origin\r\n";
                            after = StoredState.of(data);
                        }
                    } else if (!after.equals(before)) {
                        failures.add(where + ": " + status + " changed the store: " + changedTables(before, after));
                    }
                    before = after;
                }
            }
            List<String> lines = log.lines();
            assertThat(log.thrown()).as("exceptions logged with a stack trace").isEmpty();
            for (String secret : secrets.all()) {
                assertThat(lines).as("log lines").noneMatch(l -> l.contains(secret));
            }
            assertThat(lines).as("log lines").noneMatch(l -> l.contains("\tat ") || l.contains("\\tat "));
        }
        Map<String, Integer> rows = new java.util.TreeMap<>();
        StoredState.of(data).forEach((table, r) -> rows.put(table, r.size()));
        System.out.printf("bad input over %d routes (%s): %d requests in %d ms; statuses %s; accepted as requests: %s;"
                        + " stored rows %s%n", server.routes().size(), signedIn ? "signed in" : "signed out", sent,
                (System.nanoTime() - started) / 1_000_000, statuses, accepted, rows);
        byCase.forEach((name, seen) -> System.out.println("  " + name + ": " + seen));
        assertThat(failures).isEmpty();
    }

    /** Signs alice in through the JSON API; her session cookie. */
    private String signIn() {
        Browser b = new Browser(server);
        assertThat(b.login("alice").statusCode()).isEqualTo(200);
        return b.cookies.get(Cookies.SESSION);
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        return (end < 0 ? answer : answer.substring(end + 4)).lines().findFirst().orElse("");
    }

    private static String changedTables(Map<String, List<String>> before, Map<String, List<String>> after) {
        return after.keySet().stream().filter(t -> !after.get(t).equals(before.get(t))).collect(Collectors.joining(", "));
    }
}
