package dev.gatehouse.server.pages;

import static dev.gatehouse.server.pages.PagesTest.csrfOf;
import static dev.gatehouse.server.pages.PagesTest.html;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mfa.required}: an account that must have a second factor and has none enrols right after its password. */
class SignInEnrolmentTest {

    private static final Pattern SECRET = Pattern.compile("id=\"totp_secret\">([A-Z2-7 ]+)</code>");

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.MFA_REQUIRED, "all"));
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
    }

    @Test
    void the_json_sign_in_refuses_an_account_that_must_enrol_first() throws Exception {
        HttpResponse<String> r = browser.login("alice");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(r.body()).path("code").asText()).isEqualTo("mfa_enrollment_required");
        assertThat(browser.cookies).doesNotContainKey("__Host-gatehouse");
    }

    @Test
    void the_sign_in_page_enrols_an_app_shows_the_recovery_codes_once_and_then_signs_in() {
        HttpResponse<String> password = PagesTest.signInWith(browser, "alice", TestServer.PASSWORD, "/account?after=enrol");
        assertThat(password.headers().firstValue("Location")).hasValue("/login/enrol");
        assertThat(browser.cookies).doesNotContainKey("__Host-gatehouse");

        HttpResponse<String> setup = html(browser, "/login/enrol");
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.body()).contains("<svg", "Set up an authenticator app");
        Matcher secret = SECRET.matcher(setup.body());
        assertThat(secret.find()).isTrue();
        assertThat(html(browser, "/login/enrol").body()).as("a reload shows the same secret").contains(secret.group(1));
        AuthenticatorApp app = new AuthenticatorApp(secret.group(1));

        HttpResponse<String> wrong = browser.postForm("/login/enrol", "csrf=" + csrfOf(setup) + "&code="
                + app.wrongCode(server.clock.instant()));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("4 more tries");

        HttpResponse<String> codes = browser.postForm("/login/enrol", "csrf=" + csrfOf(setup) + "&code="
                + app.code(server.clock.instant()));
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(codes.body()).contains("Your recovery codes", "action=\"/login/enrol/finish\"");
        assertThat(browser.cookies).doesNotContainKey("__Host-gatehouse");

        HttpResponse<String> done = browser.postForm("/login/enrol/finish", "csrf=" + csrfOf(codes));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/account?after=enrol");
        assertThat(html(browser, "/account").body()).contains("On: sign-ins ask for a code");

        HttpResponse<String> again = browser.postForm("/login/enrol/finish", "csrf=" + csrfOf(codes));
        assertThat(again.headers().firstValue("Location")).hasValue("/login?notice=sign_in_challenge_ended");

        server.clock.advance(Duration.ofSeconds(30));
        Browser next = new Browser(server);
        HttpResponse<String> later = PagesTest.signInWith(next, "alice", TestServer.PASSWORD, "/account");
        assertThat(later.headers().firstValue("Location")).as("enrolled: the second step from now on")
                .hasValue("/login/second-factor");
    }
}
