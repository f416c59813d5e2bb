package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forward authentication through a real nginx, configured with the very server block that
 * {@code docs/forward-auth.md} documents: only its listen address, certificate lines and upstream
 * ports are changed here, so the documentation cannot drift from what works.
 *
 * <p>nginx serves a tiny app (the JDK's HTTP server) that echoes the identity headers it receives,
 * and proxies {@code /login}, {@code /account} and {@code /v1/} to a real Gatehouse; the test's
 * browser talks to nginx only.
 */
class NginxForwardAuthTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern NGINX_BLOCK = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL);
    private static final String SESSION_COOKIE = "__Host-gatehouse";
    private static final List<String> ECHOED_HEADERS = List.of("Remote-User", "Remote-Groups", "X-Gatehouse-Session",
            "X-Gatehouse-Account", "X-Gatehouse-Amr");

    @TempDir
    Path temp;
    TestServer server;
    HttpServer app;
    final AtomicInteger appRequests = new AtomicInteger();
    TestNginx nginx;
    Browser browser;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        server = TestServer.start(Files.createDirectory(temp.resolve("data")),
                Map.of(Setting.SERVER_TRUSTED_PROXIES, "127.0.0.1"));
        server.createAccount("alice", false);
        server.createAccount("carol", true);
        app = startApp();
        nginx = TestNginx.start(temp.resolve("nginx"), this::documentedBlock);
        browser = new Browser(path -> URI.create("http://127.0.0.1:" + nginx.port() + path));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
        if (app != null) {
            app.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void an_anonymous_browser_is_redirected_to_the_login_form_and_never_reaches_the_app() {
        HttpResponse<String> page = browser.get("/app/page");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?return_to=/app/page");
        assertThat(appRequests).hasValue(0);
    }

    @Test
    void a_browser_that_signs_in_through_the_login_form_reaches_the_app_as_itself() {
        String loginUrl = browser.get("/app/page").headers().firstValue("Location").orElseThrow();
        HttpResponse<String> form = browser.get(loginUrl);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"return_to\" value=\"/app/page\"");

        HttpResponse<String> submitted = browser.postForm("/login",
                "csrf=" + enc(csrfOf(form)) + "&username=carol&password=" + enc(TestServer.PASSWORD)
                        + "&return_to=" + enc("/app/page"));
        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).hasValue("/app/page");
        assertThat(browser.cookies).containsKey(SESSION_COOKIE);

        HttpResponse<String> page = browser.get("/app/page");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(echoed(page)).containsEntry("path", "/app/page")
                .containsEntry("Remote-User", "carol")
                .containsEntry("Remote-Groups", "admin")
                .containsEntry("X-Gatehouse-Session", currentSessionId());
    }

    @Test
    void names_that_would_collide_as_latin_1_reach_the_app_distinct_and_with_their_account_ids() {
        List<String> names = List.of("\u0430lice", "\u0431lice", "\u00e5lice", "\u7528\u6237"); // аlice бlice ålice 用户
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : names) {
            server.createAccount(name, false);
            Browser own = new Browser(path -> URI.create("http://127.0.0.1:" + nginx.port() + path));
            assertThat(own.login(name).statusCode()).isEqualTo(200);
            Map<String, String> echoed = echoed(own.get("/app/page"));
            assertThat(echoed.get("X-Gatehouse-Account")).isEqualTo(server.gatehouse().accounts().get(name).id());
            seen.put(echoed.get("Remote-User"), name);
        }

        assertThat(seen).containsExactly(Map.entry("%D0%B0lice", "\u0430lice"), Map.entry("%D0%B1lice", "\u0431lice"),
                Map.entry("%C3%A5lice", "\u00e5lice"), Map.entry("%E7%94%A8%E6%88%B7", "\u7528\u6237"));
        seen.forEach((header, name) -> assertThat(URI.create("x:" + header).getSchemeSpecificPart()).isEqualTo(name));
    }

    @Test
    void a_client_cannot_name_itself_with_its_own_identity_headers() {
        HttpResponse<String> anonymous = browser.send(spoofed("/app/page"), false);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(appRequests).hasValue(0);

        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        HttpResponse<String> page = browser.send(spoofed("/app/page"), false);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(echoed(page)).containsEntry("Remote-User", "alice")
                .containsEntry("Remote-Groups", "(none)") // alice has no roles; the forged "admin" is gone
                .containsEntry("X-Gatehouse-Session", currentSessionId());
    }

    @Test
    void after_signing_out_the_same_browser_is_redirected_to_the_login_form_again() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(browser.get("/app/page").statusCode()).isEqualTo(200);
        String oldToken = browser.cookies.get(SESSION_COOKIE);

        assertThat(browser.post("/v1/logout", null, "").statusCode()).isEqualTo(204);
        assertThat(browser.cookies).doesNotContainKey(SESSION_COOKIE);
        HttpResponse<String> afterLogout = browser.get("/app/page");
        assertThat(afterLogout.statusCode()).isEqualTo(302);
        assertThat(afterLogout.headers().firstValue("Location")).hasValue("/login?return_to=/app/page");

        browser.cookies.put(SESSION_COOKIE, oldToken); // a copy kept from before is revoked too
        assertThat(browser.get("/app/page").statusCode()).isEqualTo(302);
    }

    @Test
    void a_signed_in_browser_can_post_a_form_to_the_app() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);

        HttpResponse<String> posted = browser.postForm("/app/comments", "text=hello");

        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(echoed(posted)).containsEntry("method", "POST")
                .containsEntry("body", "text=hello")
                .containsEntry("Remote-User", "alice");
    }

    @Test
    void the_verify_subrequest_location_cannot_be_called_from_outside() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(browser.get("/_gatehouse/verify").statusCode()).isEqualTo(404);
    }

    @Test
    void a_password_session_passes_the_plain_location_and_is_sent_to_step_up_at_the_one_that_demands_a_second_factor() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(echoed(browser.get("/app/page"))).containsEntry("X-Gatehouse-Amr", "pwd");
        int reached = appRequests.get();

        HttpResponse<String> staff = browser.get("/staff/tools");

        assertThat(staff.statusCode()).isEqualTo(302);
        assertThat(staff.headers().firstValue("Location")).hasValue("/step-up?need=mfa&return_to=/staff/tools");
        assertThat(appRequests).hasValue(reached);
    }

    @Test
    void a_session_proved_by_a_password_and_a_code_passes_the_location_that_demands_a_second_factor() {
        Instant now = server.clock.instant();
        Sessions.Issued issued = server.gatehouse().sessions().start(server.gatehouse().accounts().get("alice"), "web",
                Device.UNKNOWN, Authentications.of(AuthMethod.PASSWORD, now).plus(AuthMethod.TOTP, now));
        browser.cookies.put(SESSION_COOKIE, issued.token());

        HttpResponse<String> staff = browser.get("/staff/tools");

        assertThat(staff.statusCode()).isEqualTo(200);
        assertThat(echoed(staff)).containsEntry("path", "/staff/tools")
                .containsEntry("Remote-User", "alice")
                .containsEntry("X-Gatehouse-Amr", "pwd,otp,mfa")
                .containsEntry("X-Gatehouse-Session", issued.session().id());
    }

    @Test
    void a_location_that_demands_a_recent_sign_in_sends_an_older_one_to_sign_in_again() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);
        assertThat(browser.get("/payments/new").statusCode()).isEqualTo(200);

        server.clock.advance(java.time.Duration.ofMinutes(6));
        HttpResponse<String> later = browser.get("/payments/new");

        assertThat(later.statusCode()).isEqualTo(302);
        assertThat(later.headers().firstValue("Location"))
                .hasValue("/step-up?need=recent&max_age=300&return_to=/payments/new");
        assertThat(browser.get("/app/page").statusCode()).as("other locations demand nothing more").isEqualTo(200);
    }

    @Test
    void a_client_can_neither_weaken_a_demand_nor_claim_a_second_factor_with_its_own_headers() {
        assertThat(browser.login("alice").statusCode()).isEqualTo(200);

        HttpResponse<String> staff = browser.send(browser.request("/staff/tools").GET()
                .header("X-Gatehouse-Require-Mfa", "false")
                .header("X-Gatehouse-Amr", "pwd,otp,mfa"), false);
        assertThat(staff.statusCode()).isEqualTo(302);

        server.clock.advance(java.time.Duration.ofMinutes(6));
        HttpResponse<String> payments = browser.send(browser.request("/payments/new").GET()
                .header("X-Gatehouse-Max-Age", "86400"), false);
        assertThat(payments.statusCode()).isEqualTo(302);

        HttpResponse<String> page = browser.send(browser.request("/app/page").GET()
                .header("X-Gatehouse-Amr", "pwd,otp,mfa"), false);
        assertThat(echoed(page)).containsEntry("X-Gatehouse-Amr", "pwd");
    }

    @Test
    void an_anonymous_browser_at_a_step_up_location_is_sent_to_sign_in_first() {
        HttpResponse<String> staff = browser.get("/staff/tools");

        assertThat(staff.statusCode()).isEqualTo(302);
        assertThat(staff.headers().firstValue("Location")).hasValue("/login?return_to=/staff/tools");
    }

    // --- nginx -----------------------------------------------------------------------------


    /** The nginx block of docs/forward-auth.md, with only addresses and certificates changed. */
    private String documentedBlock(int nginxPort) {
        Path doc = documentation();
        Matcher block;
        try {
            block = NGINX_BLOCK.matcher(Files.readString(doc));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(block.find()).as("%s has an ```nginx block", doc).isTrue();
        String conf = block.group(1);
        conf = replaceOnce(doc, conf, "^\\s*listen 443 ssl;$", "    listen 127.0.0.1:" + nginxPort + ";");
        conf = replaceOnce(doc, conf, "^\\s*ssl_certificate .*;\\n", "");
        conf = replaceOnce(doc, conf, "^\\s*ssl_certificate_key .*;\\n", "");
        conf = replaceOnce(doc, conf, "server 127\\.0\\.0\\.1:8080;", "server 127.0.0.1:" + server.port() + ";");
        return replaceOnce(doc, conf, "server 127\\.0\\.0\\.1:3000;",
                "server 127.0.0.1:" + app.getAddress().getPort() + ";");
    }

    private static String replaceOnce(Path doc, String text, String regex, String replacement) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(m.results().count())
                .as("the nginx block of %s should have exactly one line matching %s; update this test with it", doc, regex)
                .isEqualTo(1);
        return m.replaceFirst(Matcher.quoteReplacement(replacement));
    }

    private static Path documentation() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/forward-auth.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/forward-auth.md not found above " + Path.of("").toAbsolutePath());
    }

    // --- the app behind nginx ---------------------------------------------------------------

    /** Answers every request with its method, path, body and the identity headers it was given. */
    private HttpServer startApp() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::echo);
        http.start();
        return http;
    }

    private void echo(HttpExchange exchange) throws IOException {
        appRequests.incrementAndGet();
        StringBuilder out = new StringBuilder()
                .append("method=").append(exchange.getRequestMethod()).append('\n')
                .append("path=").append(exchange.getRequestURI().getRawPath()).append('\n')
                .append("body=").append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .append('\n');
        for (String name : ECHOED_HEADERS) {
            List<String> values = exchange.getRequestHeaders().get(name);
            out.append(name).append('=').append(values == null ? "(none)" : String.join("|", values)).append('\n');
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    private static Map<String, String> echoed(HttpResponse<String> page) {
        Map<String, String> fields = new LinkedHashMap<>();
        page.body().lines().forEach(line -> {
            int eq = line.indexOf('=');
            assertThat(eq).as("an echo line from the app, not: %s", page.body()).isPositive();
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return fields;
    }

    // --- the browser's side -----------------------------------------------------------------

    private HttpRequest.Builder spoofed(String path) {
        return browser.request(path).GET()
                .header("Remote-User", "admin")
                .header("Remote-Groups", "admin")
                .header("X-Gatehouse-Session", "forged");
    }

    /** The id of the browser's session, as Gatehouse itself reports it (asked through nginx). */
    private String currentSessionId() {
        HttpResponse<String> me = browser.get("/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        try {
            String id = new ObjectMapper().readTree(me.body()).path("session").path("id").asText();
            assertThat(id).as("session id in %s", me.body()).isNotEmpty();
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF_FIELD.matcher(page.body());
        assertThat(m.find()).as("form has a csrf field: %s", page.body()).isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
