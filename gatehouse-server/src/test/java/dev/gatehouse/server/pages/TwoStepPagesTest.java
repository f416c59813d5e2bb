package dev.gatehouse.server.pages;

import static dev.gatehouse.server.pages.PagesTest.csrfOf;
import static dev.gatehouse.server.pages.PagesTest.html;
import static dev.gatehouse.server.pages.PagesTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages of two-step sign-in: setting up an app on /account, and the sign-in page's second step. */
class TwoStepPagesTest {

    private static final Pattern SECRET = Pattern.compile("id=\"totp_secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern CODE = Pattern.compile("<li><code>([^<]+)</code></li>");

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser laptop;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        laptop = new Browser(server);
        signIn(laptop, "alice", "/account");
    }

    /** Sets up the app from /account as a user does; returns it and the recovery codes shown. */
    Enrolled enrol(Browser b) {
        HttpResponse<String> account = html(b, "/account");
        assertThat(account.body()).contains("Two-step sign-in", "Set up an authenticator app");
        HttpResponse<String> setup = b.postForm("/account/two-step/app", "csrf=" + csrfOf(account));
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.body()).contains("<svg", "<path d=\"M", "autocomplete=\"one-time-code\"")
                .doesNotContain("<script");
        Matcher secret = SECRET.matcher(setup.body());
        assertThat(secret.find()).as("the secret is shown as text").isTrue();
        AuthenticatorApp app = new AuthenticatorApp(secret.group(1));
        String form = "csrf=" + csrfOf(setup) + "&enrolment=" + field(setup.body(), "enrolment");

        HttpResponse<String> wrong = b.postForm("/account/two-step/app/confirm",
                form + "&code=" + app.wrongCode(server.clock.instant()));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That code is wrong", secret.group(1));

        HttpResponse<String> codes = b.postForm("/account/two-step/app/confirm", form + "&code=" + app.code(server.clock.instant()));
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(codes.body()).contains("Your recovery codes", "shown only now");
        List<String> recovery = new ArrayList<>();
        Matcher m = CODE.matcher(codes.body());
        while (m.find()) {
            recovery.add(m.group(1));
        }
        assertThat(recovery).hasSize(10);
        server.clock.advance(Duration.ofSeconds(30));
        return new Enrolled(app, recovery);
    }

    record Enrolled(AuthenticatorApp app, List<String> recoveryCodes) {
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a field " + name).isTrue();
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }

    /** The password on /login; returns the page of the second step. */
    HttpResponse<String> password(Browser b) {
        HttpResponse<String> r = PagesTest.signInWith(b, "alice", TestServer.PASSWORD, "/account?x=1");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login/second-factor");
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-gatehouse-challenge=").contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/"));
        assertThat(b.cookies).doesNotContainKey("__Host-gatehouse");
        return html(b, "/login/second-factor");
    }

    @Test
    void the_account_page_sets_up_an_app_and_then_says_it_is_on() {
        enrol(laptop);

        String account = html(laptop, "/account").body();
        assertThat(account).contains("On: sign-ins ask for a code", "10 recovery codes left", "Remove the authenticator app");
    }

    @Test
    void after_the_password_a_code_from_the_app_completes_the_sign_in_and_a_wrong_one_says_how_many_tries_remain() {
        Enrolled enrolled = enrol(laptop);
        Browser phone = new Browser(server);
        HttpResponse<String> step = password(phone);
        assertThat(step.statusCode()).isEqualTo(200);
        assertThat(step.body()).contains("autocomplete=\"one-time-code\"", "inputmode=\"numeric\"",
                "Use a recovery code instead");

        HttpResponse<String> wrong = phone.postForm("/login/second-factor", "csrf=" + csrfOf(step)
                + "&factor=totp&code=" + enrolled.app().wrongCode(server.clock.instant()));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That code is wrong. 4 more tries.");

        HttpResponse<String> done = phone.postForm("/login/second-factor", "csrf=" + csrfOf(step)
                + "&factor=totp&code=" + enrolled.app().code(server.clock.instant()));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/account?x=1");
        assertThat(phone.cookies).containsKey("__Host-gatehouse").doesNotContainKey("__Host-gatehouse-challenge");
        assertThat(html(phone, "/account").statusCode()).isEqualTo(200);
    }

    @Test
    void a_recovery_code_completes_the_sign_in_and_the_account_page_shows_how_many_remain() {
        Enrolled enrolled = enrol(laptop);
        Browser phone = new Browser(server);
        password(phone);
        HttpResponse<String> step = html(phone, "/login/second-factor?factor=recovery_code");
        assertThat(step.body()).contains("Recovery code", "Use the authenticator app instead");

        HttpResponse<String> done = phone.postForm("/login/second-factor", "csrf=" + csrfOf(step)
                + "&factor=recovery_code&code=" + URLEncoder.encode(enrolled.recoveryCodes().get(3), StandardCharsets.UTF_8));

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(html(phone, "/account").body()).contains("9 recovery codes left");
    }

    @Test
    void an_expired_second_step_goes_back_to_the_password_with_a_notice() {
        enrol(laptop);
        Browser phone = new Browser(server);
        password(phone);
        server.clock.advance(Duration.ofMinutes(6));

        HttpResponse<String> late = html(phone, "/login/second-factor");

        assertThat(late.statusCode()).isEqualTo(303);
        assertThat(late.headers().firstValue("Location")).hasValue("/login?notice=sign_in_challenge_ended");
        assertThat(html(phone, "/login?notice=sign_in_challenge_ended").body()).contains("expired or was used up");
    }

    @Test
    void without_a_challenge_the_second_step_sends_the_browser_to_the_password() {
        Browser stranger = new Browser(server);
        assertThat(html(stranger, "/login/second-factor").statusCode()).isEqualTo(303);
        stranger.cookies.put("__Host-gatehouse-challenge", "forged");
        HttpResponse<String> post = stranger.postForm("/login/second-factor", "csrf=x&code=123456");
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.headers().firstValue("Location")).hasValue("/login?notice=sign_in_challenge_ended");
    }

    @Test
    void removing_the_app_and_new_recovery_codes_need_a_step_up_with_the_second_factor() {
        Enrolled enrolled = enrol(laptop);
        String csrf = csrfOf(html(laptop, "/account"));

        HttpResponse<String> refused = laptop.postForm("/account/two-step/app/remove", "csrf=" + csrf);
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(refused.headers().firstValue("Location").orElseThrow())
                .startsWith("/step-up?need=mfa&max_age=600&return_to=%2Faccount");
        assertThat(html(laptop, "/account").body()).contains("On: sign-ins ask for a code");

        server.clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> stepUp = html(laptop, "/step-up?need=mfa&return_to=%2Faccount");
        HttpResponse<String> steppedUp = laptop.postForm("/step-up", "csrf=" + csrfOf(stepUp)
                + "&need=mfa&max_age=&return_to=%2Faccount&factor=totp&code=" + enrolled.app().code(server.clock.instant()));
        assertThat(steppedUp.headers().firstValue("Location")).hasValue("/account");
        csrf = csrfOf(html(laptop, "/account"));

        HttpResponse<String> codes = laptop.postForm("/account/two-step/recovery-codes", "csrf=" + csrf);
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(CODE.matcher(codes.body()).results().count()).isEqualTo(10);

        HttpResponse<String> removed = laptop.postForm("/account/two-step/app/remove", "csrf=" + csrf);
        assertThat(removed.headers().firstValue("Location")).hasValue("/account?notice=totp_removed");
        Browser phone = new Browser(server);
        HttpResponse<String> oneStep = PagesTest.signInWith(phone, "alice", TestServer.PASSWORD, "/account");
        assertThat(oneStep.headers().firstValue("Location")).hasValue("/account");
    }
}
