package dev.gatehouse.server.pages;

import static dev.gatehouse.server.pages.PagesTest.csrfOf;
import static dev.gatehouse.server.pages.PagesTest.html;
import static dev.gatehouse.server.pages.PagesTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.http.Cookies;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /step-up} over HTTP: who may use it, what each step proves, where it leads, and what it refuses. */
public class StepUpPageTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.PAGES_RETURN_ORIGINS, "https://app.example.com"));
    Browser alice;

    @BeforeEach
    void signedIn() {
        server.createAccount("alice", false);
        alice = new Browser(server);
        signIn(alice, "alice", "/account");
    }

    /** An authenticator app set up for an account, and the recovery codes it came with. */
    public record Enrolled(String secret, List<String> recoveryCodes) {
    }

    /** Sets up an authenticator app for {@code username}; the clock moves past the step its confirming code spent. */
    public static Enrolled enrolTotp(TestServer server, String username) {
        Account account = server.gatehouse().accounts().get(username);
        TotpEnrolment enrolment = server.gatehouse().secondFactors().startTotp(account);
        List<String> codes = server.gatehouse().secondFactors().confirmTotp(account,
                new AuthenticatorApp(enrolment.secret()).code(server.clock.instant()));
        server.clock.advance(Duration.ofSeconds(30));
        return new Enrolled(enrolment.secret(), codes);
    }

    /** The session a browser's cookie proves, if it is live. */
    static Session session(TestServer server, Browser b) {
        return server.gatehouse().sessions().findActive(server.gatehouse().sessions()
                .authenticate(b.cookies.get(Cookies.SESSION)).orElseThrow().id()).orElseThrow();
    }

    /**
     * Skips, saying why, while the server's session store does not keep what a session proved
     * (it then reads every session back as proved by its password at its start, and a second
     * factor proved by a step-up cannot be seen). Checked on a session started directly, so a
     * fault of the step-up page cannot hide behind it.
     */
    public static void assumeStoredSessionsKeepWhatTheyProved(TestServer server) {
        Account account = server.gatehouse().accounts().list().getFirst();
        Instant now = server.clock.instant();
        Sessions.Issued probe = server.gatehouse().sessions().start(account, "web", new Device("probe", "127.0.0.1"),
                Authentications.of(AuthMethod.PASSWORD, now).plus(AuthMethod.TOTP, now));
        boolean kept = server.gatehouse().sessions().findActive(probe.session().id())
                .map(s -> s.authentications().isMultiFactor()).orElse(false);
        server.gatehouse().sessions().revoke(probe.session(), RevokeReason.SIGN_OUT);
        assumeTrue(kept, "the session store does not keep a session's authentications yet (the store work of issue 14)");
    }

    @Test
    void a_browser_that_is_not_signed_in_is_sent_to_sign_in_and_back() {
        HttpResponse<String> page = html(new Browser(server), "/step-up?need=mfa&return_to=%2Fadmin");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/login?return_to=" + enc("/step-up?need=mfa&return_to=%2Fadmin"));
    }

    @Test
    void the_password_again_moves_auth_time_and_replaces_the_session_and_its_cookie() {
        String before = alice.cookies.get(Cookies.SESSION);
        Session old = session(server, alice);
        server.clock.advance(Duration.ofMinutes(9));
        HttpResponse<String> page = html(alice, "/step-up?need=recent&max_age=300&return_to=%2Faccount%3Fcursor%3Dx");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Confirm it is you", "more than 5 minutes old", "name=\"password\"",
                "name=\"return_to\" value=\"/account?cursor=x\"", "name=\"max_age\" value=\"300\"");

        HttpResponse<String> wrong = alice.postForm("/step-up", "csrf=" + csrfOf(page)
                + "&need=recent&max_age=300&factor=password&return_to=%2Faccount&password=nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The password is wrong.");
        assertThat(alice.cookies.get(Cookies.SESSION)).isEqualTo(before);

        HttpResponse<String> done = alice.postForm("/step-up", "csrf=" + csrfOf(page)
                + "&need=recent&max_age=300&factor=password&return_to=" + enc("/account?cursor=x")
                + "&password=" + enc(TestServer.PASSWORD));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/account?cursor=x");
        assertThat(alice.cookies.get(Cookies.SESSION)).isNotEqualTo(before);
        Session stepped = session(server, alice);
        assertThat(stepped.id()).isNotEqualTo(old.id());
        assertThat(stepped.authentications().authTime()).isEqualTo(server.clock.instant());
        assertThat(stepped.authentications().amr()).containsExactly("pwd");
        assertThat(stepped.absoluteExpiresAt()).isEqualTo(old.absoluteExpiresAt());
        assertThat(server.gatehouse().sessions().findActive(old.id())).isEmpty();

        Browser oldCookie = new Browser(server);
        oldCookie.cookies.put(Cookies.SESSION, before);
        assertThat(oldCookie.get("/v1/verify").statusCode()).isEqualTo(401);
        AuditEvent event = server.gatehouse().auditTrail().search(AuditQuery.newest(1)
                .types(Set.of(AuditType.STEPPED_UP))).events().getFirst();
        assertThat(event.sessionId()).isEqualTo(stepped.id());
        assertThat(event.detail()).isEqualTo("pwd");
    }

    @Test
    void a_route_that_demands_a_second_factor_refuses_a_password_session_and_lets_it_through_after_a_step_up() {
        Enrolled app = enrolTotp(server, "alice"); // after alice signed in: her session proved the password only
        HttpResponse<String> refused = alice.get("/v1/verify?mfa=true");
        assertThat(refused.statusCode()).isEqualTo(403);
        String location = refused.headers().firstValue("X-Gatehouse-Step-Up").orElseThrow();
        assertThat(location).isEqualTo("/step-up?need=mfa");

        HttpResponse<String> page = html(alice, location + "&return_to=%2Fapp");
        HttpResponse<String> stepped = alice.postForm("/step-up", "csrf=" + csrfOf(page)
                + "&need=mfa&max_age=&factor=totp&return_to=%2Fapp&code=" + new AuthenticatorApp(app.secret()).code(server.clock.instant()));
        assertThat(stepped.headers().firstValue("Location")).hasValue("/app");

        HttpResponse<String> through = alice.get("/v1/verify?mfa=true");
        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.headers().firstValue("X-Gatehouse-Amr")).hasValue("pwd,otp,mfa");
        assertThat(through.headers().firstValue("X-Gatehouse-Acr")).hasValue("2");
    }

    @Test
    void return_to_goes_to_a_local_path_or_a_listed_origin_and_nowhere_else() {
        assertThat(stepUpWithPassword("https://app.example.com/reports")).hasValue("https://app.example.com/reports");
        assertThat(stepUpWithPassword("//evil.example")).hasValue("/account");
        assertThat(stepUpWithPassword("https://evil.example/")).hasValue("/account");
        assertThat(html(alice, "/step-up?return_to=" + enc("/\\evil.example")).body())
                .contains("name=\"return_to\" value=\"/account\"");
    }

    private java.util.Optional<String> stepUpWithPassword(String returnTo) {
        String csrf = csrfOf(html(alice, "/step-up?need=recent"));
        return alice.postForm("/step-up", "csrf=" + csrf + "&need=recent&factor=password&return_to=" + enc(returnTo)
                + "&password=" + enc(TestServer.PASSWORD)).headers().firstValue("Location");
    }

    @Test
    void an_account_without_a_second_factor_asked_for_one_is_told_where_to_set_one_up() {
        HttpResponse<String> page = html(alice, "/step-up?need=mfa&return_to=%2Fadmin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("your account has none yet", "href=\"/account\"")
                .doesNotContain("name=\"code\"", "name=\"password\"");
    }

    @Test
    void a_code_from_the_app_makes_the_session_multi_factor_and_a_code_is_taken_once() {
        assumeStoredSessionsKeepWhatTheyProved(server);
        Enrolled app = enrolTotp(server, "alice");
        HttpResponse<String> page = html(alice, "/step-up?need=mfa&return_to=%2Faccount");
        assertThat(page.body()).contains("Code from your authenticator app", "Use a recovery code instead",
                "autocomplete=\"one-time-code\"").doesNotContain("name=\"password\"");
        String csrf = csrfOf(page);

        HttpResponse<String> wrong = alice.postForm("/step-up", "csrf=" + csrf
                + "&need=mfa&factor=totp&return_to=%2Faccount&code=000000");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That code is wrong or was used already.");

        String code = new AuthenticatorApp(app.secret()).code(server.clock.instant());
        HttpResponse<String> done = alice.postForm("/step-up", "csrf=" + csrf
                + "&need=mfa&factor=totp&return_to=%2Faccount&code=" + code);
        assertThat(done.headers().firstValue("Location")).hasValue("/account");
        Session stepped = session(server, alice);
        assertThat(stepped.authentications().isMultiFactor()).isTrue();
        assertThat(stepped.authentications().amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(stepped.authentications().acr()).isEqualTo("2");

        String again = csrfOf(html(alice, "/step-up?need=mfa"));
        assertThat(alice.postForm("/step-up", "csrf=" + again + "&need=mfa&factor=totp&code=" + code).statusCode())
                .as("the same code a second time").isEqualTo(401);
    }

    @Test
    void a_recovery_code_steps_up_once() {
        assumeStoredSessionsKeepWhatTheyProved(server);
        Enrolled app = enrolTotp(server, "alice");
        String recovery = app.recoveryCodes().getFirst();
        String csrf = csrfOf(html(alice, "/step-up?need=mfa"));
        HttpResponse<String> done = alice.postForm("/step-up", "csrf=" + csrf
                + "&need=mfa&factor=recovery_code&code=" + enc(recovery));
        assertThat(done.headers().firstValue("Location")).hasValue("/account");
        assertThat(session(server, alice).authentications().isMultiFactor()).isTrue();
        assertThat(server.gatehouse().secondFactors().summary(server.gatehouse().accounts().get("alice").id())
                .recoveryCodesLeft()).isEqualTo(app.recoveryCodes().size() - 1);

        String next = csrfOf(html(alice, "/step-up?need=mfa"));
        assertThat(alice.postForm("/step-up", "csrf=" + next + "&need=mfa&factor=recovery_code&code=" + enc(recovery))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void bad_input_is_refused_with_a_4xx_and_changes_nothing() {
        assertThat(html(alice, "/step-up?need=everything").statusCode()).isEqualTo(400);
        assertThat(html(alice, "/step-up?need=recent&max_age=soon").statusCode()).isEqualTo(400);
        assertThat(html(alice, "/step-up?need=recent&max_age=-1").statusCode()).isEqualTo(400);
        String before = alice.cookies.get(Cookies.SESSION);
        String csrf = csrfOf(html(alice, "/step-up"));
        assertThat(alice.postForm("/step-up", "csrf=" + csrf + "&need=recent&factor=totp&code=123456").statusCode())
                .as("a code where the password is asked for").isEqualTo(400);
        assertThat(alice.postForm("/step-up", "csrf=" + csrf + "&need=mfa&factor=password&password="
                + enc(TestServer.PASSWORD)).statusCode()).as("the password where a second factor is asked for").isEqualTo(400);
        assertThat(alice.postForm("/step-up", "csrf=forged&need=recent&factor=password&password="
                + enc(TestServer.PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(alice.postForm("/step-up", "csrf=" + csrf + "&need=mfa&factor=totp&code=123456").statusCode())
                .as("a code of an app the account does not have").isEqualTo(400);
        assertThat(alice.cookies.get(Cookies.SESSION)).isEqualTo(before);
        assertThat(new Browser(server).postForm("/step-up", "need=recent&factor=password&password=x").statusCode())
                .isEqualTo(401);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
