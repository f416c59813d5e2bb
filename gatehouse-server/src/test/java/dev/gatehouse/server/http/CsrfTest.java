package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CsrfTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
        browser.login("alice");
    }

    @Test
    void a_cross_site_request_with_the_cookie_is_refused_and_changes_nothing() {
        browser.fetchSite = "cross-site";
        browser.origin = "https://evil.example";

        HttpResponse<String> attempt = browser.delete("/v1/sessions");

        assertThat(attempt.statusCode()).isEqualTo(403);
        assertThat(code(attempt)).isEqualTo("csrf_rejected");
        browser.fetchSite = "same-origin";
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void an_unsafe_request_without_fetch_metadata_or_origin_is_refused() {
        browser.fetchSite = null;
        browser.origin = null;
        assertThat(browser.post("/v1/logout", null, "").statusCode()).isEqualTo(403);
        browser.fetchSite = "same-origin";
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void a_same_site_subdomain_is_not_same_origin() {
        browser.fetchSite = "same-site";
        browser.origin = "https://other.gatehouse.test";
        assertThat(browser.post("/v1/logout", null, "").statusCode()).isEqualTo(403);
        browser.fetchSite = "same-origin";
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void the_configured_origin_is_enough_without_fetch_metadata() {
        browser.fetchSite = null;
        browser.origin = TestServer.ORIGIN;
        assertThat(browser.post("/v1/logout", null, "").statusCode()).isEqualTo(204);
    }

    @Test
    void fetch_metadata_same_origin_is_enough_without_origin() {
        browser.origin = null;
        assertThat(browser.post("/v1/logout", null, "").statusCode()).isEqualTo(204);
    }

    @Test
    void safe_methods_are_not_checked() {
        browser.fetchSite = "cross-site";
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void the_login_form_signs_in_with_its_synchronizer_token_and_redirects_to_a_local_path() {
        Browser fresh = new Browser(server);
        HttpResponse<String> page = fresh.get("/login?return_to=/app/inbox");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'"));

        HttpResponse<String> submitted = fresh.postForm("/login", form(csrfOf(page), "alice", TestServer.PASSWORD, "/app/inbox"));

        assertThat(submitted.statusCode()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).hasValue("/app/inbox");
        assertThat(fresh.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void the_login_form_without_its_token_is_refused() {
        Browser fresh = new Browser(server);
        fresh.get("/login");
        HttpResponse<String> forged = fresh.postForm("/login", form("forged", "alice", TestServer.PASSWORD, "/"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(fresh.cookies).doesNotContainKey("__Host-gatehouse");
    }

    @Test
    void a_token_from_another_browser_does_not_fit_this_one() {
        String othersToken = csrfOf(new Browser(server).get("/login"));
        Browser victim = new Browser(server);
        victim.get("/login");
        assertThat(victim.postForm("/login", form(othersToken, "alice", TestServer.PASSWORD, "/")).statusCode())
                .isEqualTo(403);
        assertThat(victim.cookies).doesNotContainKey("__Host-gatehouse");
    }

    @Test
    void a_wrong_password_on_the_form_shows_the_form_again_with_an_error() {
        Browser fresh = new Browser(server);
        HttpResponse<String> again = fresh.postForm("/login", form(csrfOf(fresh.get("/login")), "alice", "wrong password", "/"));
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("The username or password is wrong.", "value=\"alice\"");
    }

    @Test
    void return_to_cannot_send_the_browser_to_another_site() {
        for (String target : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"}) {
            Browser fresh = new Browser(server);
            HttpResponse<String> done = fresh.postForm("/login", form(csrfOf(fresh.get("/login")), "alice", TestServer.PASSWORD, target));
            assertThat(done.headers().firstValue("Location")).as(target).hasValue("/account");
        }
    }

    @Test
    void the_account_page_lists_sessions_and_its_forms_need_their_token() {
        HttpResponse<String> page = browser.get("/account");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as", "<strong>alice</strong>", "this device");

        assertThat(browser.postForm("/account/sessions/revoke-all", "csrf=forged").statusCode()).isEqualTo(403);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);

        HttpResponse<String> done = browser.postForm("/account/sessions/revoke-all", "csrf=" + csrfOf(page));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void the_account_page_sends_anonymous_browsers_to_login() {
        HttpResponse<String> page = new Browser(server).get("/account");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?return_to=%2Faccount");
    }

    static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF_FIELD.matcher(page.body());
        assertThat(m.find()).as("form has a csrf field").isTrue();
        return m.group(1);
    }

    private static String form(String csrf, String username, String password, String returnTo) {
        return "csrf=" + enc(csrf) + "&username=" + enc(username) + "&password=" + enc(password) + "&return_to=" + enc(returnTo);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
