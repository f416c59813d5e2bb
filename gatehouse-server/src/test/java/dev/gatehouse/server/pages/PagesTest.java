package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages over HTTP: what they send, where their forms lead, and how errors look to a browser. */
public class PagesTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SID_FIELD = Pattern.compile("name=\"sid\" value=\"([^\"]+)\"");

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.PAGES_RETURN_ORIGINS, "https://app.example.com",
            Setting.PASSWORD_MAX_ATTEMPTS, "3"));

    @BeforeEach
    void accounts() {
        server.createAccount("alice", false);
    }

    @Test
    void every_page_sends_the_security_headers_and_no_inline_script_or_style_is_allowed() {
        for (String path : new String[] {"/login", "/account", "/nowhere"}) {
            Browser b = new Browser(server);
            if (!path.equals("/login")) {
                signIn(b, "alice", "/account");
            }
            HttpResponse<String> page = html(b, path);
            assertThat(page.headers().firstValue("Content-Type")).as(path).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'none'", "style-src 'self'", "frame-ancestors 'none'", "script-src 'self';",
                            "form-action 'self' https://app.example.com").doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(page.headers().firstValue("Permissions-Policy")).as(path).hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            // the one script is the passkeys one, from /assets; nothing inline
            assertThat(page.body().replace("<script src=\"/assets/passkeys.js\" defer></script>", ""))
                    .doesNotContain("<script", "style=\"", "<style").doesNotContainPattern("\\son[a-z]+=");
            assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/assets/gatehouse.css\">");
        }
    }

    @Test
    void the_passkeys_script_is_served_as_javascript_with_an_etag() {
        HttpResponse<String> js = new Browser(server).get("/assets/passkeys.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("ETag")).isPresent();
        assertThat(js.body()).contains("parseRequestOptionsFromJSON", "toJSON()");
    }

    @Test
    void the_stylesheet_is_served_with_an_etag_and_knows_dark_mode_and_narrow_screens() {
        Browser b = new Browser(server);
        HttpResponse<String> css = b.get("/assets/gatehouse.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains("prefers-color-scheme: dark", "max-width: 40rem");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertThat(b.send(b.request("/assets/gatehouse.css").header("If-None-Match", etag).GET(), false).statusCode())
                .isEqualTo(304);
    }

    @Test
    void sign_in_returns_to_a_local_path_or_a_listed_origin_and_nowhere_else() {
        assertThat(signIn(new Browser(server), "alice", "/admin").headers().firstValue("Location")).hasValue("/admin");
        assertThat(signIn(new Browser(server), "alice", "https://app.example.com/inbox").headers().firstValue("Location"))
                .hasValue("https://app.example.com/inbox");
        for (String trick : new String[] {"//evil.example", "/\\evil.example", "https:evil.example", "/%2F%2Fevil.example",
                "https://app.example.com@evil.example/", "https://evil.example\\@app.example.com"}) {
            assertThat(signIn(new Browser(server), "alice", trick).headers().firstValue("Location")).as(trick)
                    .hasValue("/account");
        }
        Browser b = new Browser(server);
        HttpResponse<String> page = html(b, "/login?return_to=" + URLEncoder.encode("//evil.example", StandardCharsets.UTF_8));
        assertThat(page.body()).contains("name=\"return_to\" value=\"/account\"");
    }

    @Test
    void a_wrong_password_and_an_unknown_account_read_the_same_and_the_throttle_says_how_long_to_wait() {
        HttpResponse<String> wrong = signInWith(new Browser(server), "alice", "not the password", "/account");
        HttpResponse<String> unknown = signInWith(new Browser(server), "nobody", "not the password", "/account");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The username or password is wrong.");
        assertThat(unknown.body()).contains("The username or password is wrong.");

        HttpResponse<String> last = wrong;
        for (int i = 0; i < 4 && last.statusCode() != 429; i++) {
            last = signInWith(new Browser(server), "alice", "not the password", "/account");
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).containsPattern("Too many sign-in attempts\\. Try again in (\\d+ minutes|a minute|\\d+ seconds)\\.");
    }

    @Test
    void errors_are_pages_for_browsers_and_problem_json_for_everyone_else() {
        Browser b = new Browser(server);
        HttpResponse<String> page = html(b, "/nowhere");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>Page not found</h1>", "not_found", "href=\"/account\"");

        HttpResponse<String> json = b.get("/nowhere");
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> wrongMethod = b.send(b.request("/account").header("Accept", "text/html")
                .DELETE(), true);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> putPage = b.send(b.request("/login").header("Accept", "text/html")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), true);
        assertThat(putPage.headers().firstValue("Allow")).hasValue("GET, POST");

        signIn(b, "alice", "/account");
        HttpResponse<String> expired = b.send(b.request("/account/sessions/revoke-all").header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=stale")), true);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("This form expired", "csrf_rejected", "href=\"/account\"");
    }

    @Test
    void ending_a_session_says_so_and_ending_one_that_already_ended_is_not_an_error() {
        Browser laptop = new Browser(server);
        Browser phone = new Browser(server);
        signIn(laptop, "alice", "/account");
        signIn(phone, "alice", "/account");
        HttpResponse<String> account = html(laptop, "/account");
        String csrf = csrfOf(account);
        String phoneSession = otherSession(account);

        HttpResponse<String> ended = laptop.postForm("/account/sessions/revoke", "csrf=" + csrf + "&sid=" + phoneSession);
        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(ended.headers().firstValue("Location")).hasValue("/account?notice=session_ended");
        assertThat(html(laptop, "/account?notice=session_ended").body()).contains("The session has ended.");
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);

        HttpResponse<String> again = laptop.postForm("/account/sessions/revoke", "csrf=" + csrf + "&sid=" + phoneSession);
        assertThat(again.headers().firstValue("Location")).hasValue("/account?notice=session_already_ended");
        assertThat(html(laptop, "/account?notice=%3Cb%3Emade+up%3C%2Fb%3E").body()).doesNotContain("made up", "class=\"notice\"");
    }

    @Test
    void end_all_other_sessions_keeps_this_one_and_sign_out_everywhere_ends_it_too() {
        Browser laptop = new Browser(server);
        Browser phone = new Browser(server);
        Browser tablet = new Browser(server);
        for (Browser b : new Browser[] {laptop, phone, tablet}) {
            signIn(b, "alice", "/account");
        }
        String csrf = csrfOf(html(laptop, "/account"));
        assertThat(laptop.postForm("/account/sessions/revoke-others", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/account?notice=other_sessions_ended");
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(tablet.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(laptop.get("/v1/verify").statusCode()).isEqualTo(200);

        assertThat(laptop.postForm("/account/sessions/revoke-all", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/login?notice=signed_out_everywhere");
        assertThat(laptop.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(html(laptop, "/login?notice=signed_out_everywhere").body()).contains("You are signed out on every device.");
    }

    @Test
    void the_navigation_signs_out_and_links_the_pages() {
        Browser b = new Browser(server);
        signIn(b, "alice", "/account");
        HttpResponse<String> account = html(b, "/account");
        assertThat(account.body()).contains("href=\"/account\"", "action=\"/account/sign-out\"").doesNotContain("href=\"/admin\"");
        HttpResponse<String> out = b.postForm("/account/sign-out", "csrf=" + csrfOf(account));
        assertThat(out.headers().firstValue("Location")).hasValue("/login?notice=signed_out");
        assertThat(b.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void changing_the_password_needs_the_current_one_ends_other_sessions_and_keeps_this_browser_signed_in() {
        Browser laptop = new Browser(server);
        Browser phone = new Browser(server);
        signIn(laptop, "alice", "/account");
        signIn(phone, "alice", "/account");
        String csrf = csrfOf(html(laptop, "/account"));
        String newPassword = "a new and much longer passphrase";

        HttpResponse<String> mismatch = laptop.postForm("/account/password", "csrf=" + csrf
                + "&current_password=" + enc(TestServer.PASSWORD) + "&new_password=" + enc(newPassword) + "&confirm_password=other");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two new passwords differ.");

        HttpResponse<String> wrong = laptop.postForm("/account/password", "csrf=" + csrf
                + "&current_password=wrong&new_password=" + enc(newPassword) + "&confirm_password=" + enc(newPassword));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The current password is wrong.");

        HttpResponse<String> weak = laptop.postForm("/account/password", "csrf=" + csrf
                + "&current_password=" + enc(TestServer.PASSWORD) + "&new_password=short&confirm_password=short");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("The new password cannot be used");

        HttpResponse<String> changed = laptop.postForm("/account/password", "csrf=" + csrf
                + "&current_password=" + enc(TestServer.PASSWORD) + "&new_password=" + enc(newPassword)
                + "&confirm_password=" + enc(newPassword));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(changed.headers().firstValue("Location")).hasValue("/account?notice=password_changed");
        assertThat(laptop.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(signInWith(new Browser(server), "alice", newPassword, "/account").statusCode()).isEqualTo(303);
    }

    @Test
    void the_sessions_table_names_devices_and_labels_each_button_with_its_device() {
        Browser b = new Browser(server);
        signIn(b, "alice", "/account");
        String body = html(b, "/account").body();
        assertThat(body).contains("this device", "just now", "<time datetime=\"", "class=\"vh\"> of ")
                .doesNotContain("GatehouseTestBrowser/1.0");
    }

    public static HttpResponse<String> html(Browser b, String path) {
        return b.send(b.request(path).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET(), false);
    }

    public static HttpResponse<String> signIn(Browser b, String username, String returnTo) {
        HttpResponse<String> done = signInWith(b, username, TestServer.PASSWORD, returnTo);
        assertThat(done.statusCode()).as("sign-in of " + username).isEqualTo(303);
        return done;
    }

    public static HttpResponse<String> signInWith(Browser b, String username, String password, String returnTo) {
        String csrf = csrfOf(html(b, "/login"));
        return b.postForm("/login", "csrf=" + enc(csrf) + "&username=" + enc(username) + "&password=" + enc(password)
                + "&return_to=" + enc(returnTo));
    }

    public static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF_FIELD.matcher(page.body());
        assertThat(m.find()).as("the page has a form with a csrf field").isTrue();
        return m.group(1);
    }

    /** The page lists this device's session first. */
    private static String otherSession(HttpResponse<String> account) {
        Matcher m = SID_FIELD.matcher(account.body());
        assertThat(m.find() && m.find()).as("a second session on the page").isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
