package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a session proved, as forward auth ({@code GET /v1/verify}) and {@code GET /v1/me} report
 * it, and the demands a route behind the proxy makes on it: a second factor, a recent sign-in.
 */
class SessionProofTest {

    private static final String COOKIE = "__Host-gatehouse";

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.SESSION_IDLE_TIMEOUT, "30m",
            Setting.SESSION_ABSOLUTE_TIMEOUT, "12h", Setting.SESSION_TOUCH_INTERVAL, "1m"));
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
    }

    private Account alice() {
        return server.gatehouse().accounts().get("alice");
    }

    /** A browser holding the cookie of a session proved by a password and then a TOTP code. */
    private Browser twoFactorBrowser() {
        Instant now = server.clock.instant();
        Sessions.Issued issued = server.gatehouse().sessions().start(alice(), "web", Device.UNKNOWN,
                Authentications.of(AuthMethod.PASSWORD, now.minusSeconds(30)).plus(AuthMethod.TOTP, now));
        Browser b = new Browser(server);
        b.cookies.put(COOKIE, issued.token());
        return b;
    }

    private HttpResponse<String> verify(Browser b, String query, String... headers) {
        HttpRequest.Builder request = b.request("/v1/verify" + query).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return b.send(request, false);
    }

    @Test
    void verify_reports_what_a_password_session_proved_and_when() {
        browser.login("alice");

        HttpResponse<String> r = verify(browser, "");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gatehouse-Amr")).hasValue("pwd");
        assertThat(r.headers().firstValue("X-Gatehouse-Acr")).hasValue("1");
        assertThat(r.headers().firstValue("X-Gatehouse-Auth-Time"))
                .hasValue(Long.toString(server.clock.instant().getEpochSecond()));
    }

    @Test
    void a_two_factor_session_passes_a_route_that_demands_a_second_factor_by_query_or_header() {
        Browser proved = twoFactorBrowser();

        for (HttpResponse<String> r : new HttpResponse[] {verify(proved, "?mfa=true"),
                verify(proved, "", "X-Gatehouse-Require-Mfa", "true")}) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Gatehouse-Amr")).hasValue("pwd,otp,mfa");
            assertThat(r.headers().firstValue("X-Gatehouse-Acr")).hasValue("2");
            assertThat(r.headers().firstValue("X-Gatehouse-Auth-Time"))
                    .hasValue(Long.toString(server.clock.instant().getEpochSecond()));
            assertThat(r.headers().firstValue("Remote-User")).hasValue("alice");
        }
    }

    @Test
    void a_password_session_is_sent_to_step_up_where_a_second_factor_is_demanded() {
        browser.login("alice");

        for (HttpResponse<String> r : new HttpResponse[] {verify(browser, "?mfa=true"),
                verify(browser, "", "X-Gatehouse-Require-Mfa", "TRUE")}) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(code(r)).isEqualTo("step_up_required");
            assertThat(r.headers().firstValue("X-Gatehouse-Step-Up")).hasValue("/step-up?need=mfa");
            assertThat(r.headers().firstValue("Remote-User")).isEmpty();
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(json(r).path("detail").asText()).isEqualTo("this route needs a second factor; the session proved pwd");
        }
        assertThat(verify(browser, "?mfa=false").statusCode()).isEqualTo(200);
    }

    @Test
    void a_session_signed_in_too_long_ago_is_sent_to_sign_in_again_and_a_recent_one_passes() {
        browser.login("alice");
        server.clock.advance(Duration.ofSeconds(912));

        HttpResponse<String> old = verify(browser, "?max_age=300");
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(code(old)).isEqualTo("step_up_required");
        assertThat(old.headers().firstValue("X-Gatehouse-Step-Up")).hasValue("/step-up?need=recent&max_age=300");
        assertThat(json(old).path("detail").asText())
                .isEqualTo("this route needs a sign-in at most 300 s ago; the session's was 912 s ago");
        assertThat(verify(browser, "", "X-Gatehouse-Max-Age", "300").statusCode()).isEqualTo(403);

        assertThat(verify(browser, "?max_age=912").statusCode()).isEqualTo(200);
        assertThat(verify(browser, "", "X-Gatehouse-Max-Age", "1000").statusCode()).isEqualTo(200);
    }

    @Test
    void of_a_query_and_a_header_the_stricter_demand_wins() {
        browser.login("alice");
        server.clock.advance(Duration.ofMinutes(10));

        assertThat(verify(browser, "?max_age=3600", "X-Gatehouse-Max-Age", "300").statusCode()).isEqualTo(403);
        assertThat(verify(browser, "?max_age=300", "X-Gatehouse-Max-Age", "3600").statusCode()).isEqualTo(403);
        assertThat(verify(browser, "?mfa=false", "X-Gatehouse-Require-Mfa", "true").statusCode()).isEqualTo(403);
        assertThat(verify(browser, "?mfa=true", "X-Gatehouse-Require-Mfa", "false").statusCode()).isEqualTo(403);
    }

    @Test
    void a_two_factor_session_that_is_too_old_is_sent_to_sign_in_again_not_to_a_second_factor() {
        Browser proved = twoFactorBrowser();
        server.clock.advance(Duration.ofMinutes(10));

        HttpResponse<String> r = verify(proved, "?mfa=true&max_age=300");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Gatehouse-Step-Up")).hasValue("/step-up?need=recent&max_age=300");
    }

    @Test
    void a_password_session_demanded_both_is_asked_for_the_second_factor_first() {
        browser.login("alice");

        assertThat(verify(browser, "?mfa=true&max_age=300").headers().firstValue("X-Gatehouse-Step-Up"))
                .hasValue("/step-up?need=mfa&max_age=300");
    }

    @Test
    void a_caller_who_is_not_signed_in_is_told_to_sign_in_not_to_step_up() {
        HttpResponse<String> r = verify(browser, "?mfa=true&max_age=60");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo("unauthenticated");
        assertThat(r.headers().firstValue("X-Gatehouse-Step-Up")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?mfa=yes", "?mfa=", "?mfa=1", "?max_age=-1", "?max_age=abc", "?max_age=1.5",
            "?max_age=31622401", "?max_age=99999999999999999999"})
    void a_malformed_demand_is_a_400_never_no_demand(String query) {
        browser.login("alice");

        HttpResponse<String> r = verify(browser, query);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("invalid_parameter");
    }

    @Test
    void a_malformed_demand_header_is_a_400_too() {
        browser.login("alice");

        assertThat(code(verify(browser, "", "X-Gatehouse-Require-Mfa", "on"))).isEqualTo("invalid_parameter");
        assertThat(code(verify(browser, "", "X-Gatehouse-Max-Age", "5m"))).isEqualTo("invalid_parameter");
    }

    @Test
    void after_a_step_up_the_new_cookie_passes_and_the_old_one_is_refused() {
        browser.login("alice");
        String oldToken = browser.cookies.get(COOKIE);
        Session current = server.gatehouse().sessions().authenticate(oldToken).orElseThrow();
        server.clock.advance(Duration.ofMinutes(1));

        Sessions.Issued stepped = server.gatehouse().sessions().stepUp(alice(), current, AuthMethod.RECOVERY_CODE);
        browser.cookies.put(COOKIE, stepped.token());

        HttpResponse<String> r = verify(browser, "?mfa=true&max_age=60");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gatehouse-Amr")).hasValue("pwd,otp,mfa");
        assertThat(r.headers().firstValue("X-Gatehouse-Session")).hasValue(stepped.session().id());
        browser.cookies.put(COOKIE, oldToken);
        assertThat(verify(browser, "").statusCode()).isEqualTo(401);
    }

    @Test
    void a_bearer_token_of_a_two_factor_session_passes_a_demand_for_a_second_factor() {
        Instant now = server.clock.instant();
        var grant = server.gatehouse().tokens().start(alice(), server.gatehouse().clients().findPublic("web").orElseThrow(),
                "gatehouse", null, Device.UNKNOWN, Authentications.of(AuthMethod.PASSWORD, now)
                        .plus(AuthMethod.SYNCED_PASSKEY, now));
        Browser api = new Browser(server);

        HttpResponse<String> r = verify(api, "?mfa=true", "Authorization", "Bearer " + grant.access().token());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gatehouse-Amr")).hasValue("pwd,swk,mfa");
    }

    @Test
    void me_reports_what_the_current_session_proved() {
        Browser proved = twoFactorBrowser();

        JsonNode me = json(proved.get("/v1/me"));

        assertThat(me.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\",\"mfa\"]");
        assertThat(me.path("acr").asText()).isEqualTo("2");
        assertThat(me.path("auth_time").asLong()).isEqualTo(server.clock.instant().getEpochSecond());

        browser.login("alice");
        JsonNode passwordOnly = json(browser.get("/v1/me"));
        assertThat(passwordOnly.path("amr").toString()).isEqualTo("[\"pwd\"]");
        assertThat(passwordOnly.path("acr").asText()).isEqualTo("1");
    }
}
