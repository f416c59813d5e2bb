package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.PagesTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The /device page: a signed-in person approves or denies the request a device shows a code for. */
class DevicePageTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;
    Account alice;

    @BeforeEach
    void setUp() {
        server.createAccount("alice", false);
        alice = server.gatehouse().accounts().get("alice");
        Oidc.register(server, "tv", false, Set.of(GrantType.DEVICE_CODE, GrantType.REFRESH_TOKEN), List.of());
        browser = new Browser(server);
    }

    private void pending(String userCode, Duration lifetime) {
        Instant now = server.clock.instant();
        assertThat(server.gatehouse().oauthStores().deviceGrants().create(new DeviceGrant("hash-" + userCode, userCode,
                "tv", "openid profile", now, now.plus(lifetime), DeviceGrant.Status.PENDING, null, null, null))).isTrue();
    }

    private DeviceGrant stored(String userCode) {
        return server.gatehouse().oauthStores().deviceGrants().findByUserCode(userCode).orElseThrow();
    }

    @Test
    void a_browser_not_signed_in_signs_in_first_and_comes_back_with_the_code() {
        HttpResponse<String> toLogin = browser.get("/device?user_code=WDJB-MJHT");
        assertThat(toLogin.statusCode()).isEqualTo(303);
        String returnTo = Oidc.query(URI.create(Oidc.location(toLogin)).getRawQuery()).get("return_to");
        assertThat(returnTo).isEqualTo("/device?user_code=WDJB-MJHT");
    }

    @Test
    void the_code_from_the_link_shows_the_client_and_scopes_and_approving_records_who_and_which_session() {
        pending("WDJBMJHT", Duration.ofMinutes(10));
        PagesTest.signIn(browser, "alice", "/account");
        HttpResponse<String> page = Oidc.html(browser, "/device?user_code=wdjb-mjht");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Photo App tv", "See your username", "WDJB-MJHT", "value=\"approve\"");
        HttpResponse<String> done = browser.postForm("/device", "csrf=" + ProviderClient.enc(csrf(page))
                + "&user_code=WDJBMJHT&decision=approve");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Oidc.location(done)).isEqualTo("/device?notice=device_approved");
        DeviceGrant g = stored("WDJBMJHT");
        assertThat(g.status()).isEqualTo(DeviceGrant.Status.APPROVED);
        assertThat(g.accountId()).isEqualTo(alice.id());
        assertThat(g.sessionId()).isEqualTo(Oidc.sessionId(server, browser));
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(20))).extracting(e -> e.type())
                .contains(AuditType.DEVICE_APPROVED);
        assertThat(Oidc.html(browser, "/device?user_code=WDJBMJHT").body()).contains("already been used");
    }

    @Test
    void a_typed_code_can_be_denied() {
        pending("BCDFGHJK", Duration.ofMinutes(10));
        PagesTest.signIn(browser, "alice", "/account");
        HttpResponse<String> form = Oidc.html(browser, "/device");
        assertThat(form.body()).contains("name=\"user_code\"");
        HttpResponse<String> page = Oidc.html(browser, "/device?user_code=bcdf+ghjk");
        HttpResponse<String> done = browser.postForm("/device", "csrf=" + ProviderClient.enc(csrf(page))
                + "&user_code=BCDFGHJK&decision=deny");
        assertThat(Oidc.location(done)).isEqualTo("/device?notice=device_denied");
        assertThat(stored("BCDFGHJK").status()).isEqualTo(DeviceGrant.Status.DENIED);
    }

    @Test
    void unknown_and_expired_codes_say_so_and_a_forged_form_decides_nothing() {
        pending("LMNPQRST", Duration.ofMinutes(1));
        PagesTest.signIn(browser, "alice", "/account");
        assertThat(Oidc.html(browser, "/device?user_code=AAAA-AAAA").body()).contains("That code is not valid");
        assertThat(Oidc.html(browser, "/device?user_code=not+a+code+at+all").body()).contains("That code is not valid");
        HttpResponse<String> page = Oidc.html(browser, "/device?user_code=LMNP-QRST");
        assertThat(browser.postForm("/device", "csrf=forged&user_code=LMNPQRST&decision=approve").statusCode())
                .isEqualTo(403);
        server.clock.advance(Duration.ofMinutes(2));
        assertThat(Oidc.html(browser, "/device?user_code=LMNP-QRST").body()).contains("That code has expired");
        HttpResponse<String> late = browser.postForm("/device", "csrf=" + ProviderClient.enc(csrf(page))
                + "&user_code=LMNPQRST&decision=approve");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("That code has expired");
        assertThat(stored("LMNPQRST").status()).isEqualTo(DeviceGrant.Status.PENDING);
    }

    @Test
    void wrong_codes_are_throttled() {
        pending("WDJBMJHT", Duration.ofMinutes(30));
        PagesTest.signIn(browser, "alice", "/account");
        for (int i = 0; i < 10; i++) {
            assertThat(Oidc.html(browser, "/device?user_code=AAAAAAA" + (char) ('A' + i)).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> throttled = Oidc.html(browser, "/device?user_code=WDJBMJHT");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("Too many wrong codes").doesNotContain("value=\"approve\"");
        HttpResponse<String> posted = browser.postForm("/device", "csrf=" + ProviderClient.enc(csrf(throttled))
                + "&user_code=WDJBMJHT&decision=approve");
        assertThat(posted.statusCode()).as("a guess by form is throttled too").isEqualTo(429);
        assertThat(stored("WDJBMJHT").status()).isEqualTo(DeviceGrant.Status.PENDING);
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(Oidc.html(browser, "/device?user_code=WDJBMJHT").body()).contains("value=\"approve\"");
    }

    /** The page's form token (the device form's and the sign-out form's: both are bound to the session). */
    private static String csrf(HttpResponse<String> page) {
        return PagesTest.csrfOf(page);
    }
}
