package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Spring Boot application Gatehouse did not write ({@code rp-spring/}: Spring Security's
 * {@code oauth2Login} with the issuer's discovery document, PKCE, RP-initiated logout and OIDC
 * back-channel logout, configured as Spring documents it for any provider), driven in Chromium:
 * opening the app sends the person to Gatehouse's sign-in page and back, signed in; signing out of
 * the app signs out of Gatehouse too; and Gatehouse ending the session (here an administrator
 * ending the account's sessions) ends the app's session through a logout token posted to it.
 *
 * <p>Gatehouse runs on the system clock at its own loopback origin, as in
 * {@link OpenIdClientInteropTest}; the app on another port of the same address.
 */
class SpringRelyingPartyTest {

    static final int PORT = PasskeyJourneyTest.freePort();
    static final String ISSUER = "http://127.0.0.1:" + PORT;
    static final int APP_PORT = PasskeyJourneyTest.freePort();
    static final String APP = "http://127.0.0.1:" + APP_PORT;

    @RegisterExtension
    static final BrowserHarness harness = new BrowserHarness(Map.of(Setting.SERVER_PORT, Integer.toString(PORT),
            Setting.SERVER_PUBLIC_ORIGIN, ISSUER), MovableClock.followingSystemClock());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SpringRelyingParty app;
    /** An administrator's session, over HTTP: registers the app's client, ends people's sessions. */
    private static Browser admin;

    @BeforeAll
    static void startTheApp() throws IOException {
        if (harness.server() == null) {
            return; // no browser: each test is skipped (or failed under CI) by the harness, with the reason
        }
        SpringRelyingParty.checkBuilt();
        // Registered as an administrator would, through the admin API (RFC 7591's names).
        admin = harness.signInOverHttp(harness.newAdmin());
        String redirect = APP + "/login/oauth2/code/" + SpringRelyingParty.REGISTRATION;
        String backChannel = APP + "/logout/connect/back-channel/" + SpringRelyingParty.REGISTRATION;
        HttpResponse<String> registered = admin.postJson("/v1/admin/clients", """
                {"id": "spring-app", "confidential": true, "client_name": "Spring relying party",
                 "token_endpoint_auth_method": "client_secret_basic", "redirect_uris": ["%s"],
                 "post_logout_redirect_uris": ["%s/signed-out"], "grant_types": ["authorization_code", "refresh_token"],
                 "first_party": true, "backchannel_logout_uri": "%s"}""".formatted(redirect, APP, backChannel));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String secret = JSON.readTree(registered.body()).get("secret").asText();
        app = SpringRelyingParty.start(APP_PORT, ISSUER, "spring-app", secret);
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signing_in_to_the_app_through_gatehouse_and_signing_out_of_both() {
        String name = harness.newAccount();
        Chromium browser = signInToTheApp(name);
        assertThat(harness.verify(browser)).as("a Gatehouse session too (single sign-on)").isEqualTo(200);

        browser.press("Sign out");

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(APP + "/signed-out");
        assertThat(browser.text()).contains("You are signed out");
        assertThat(harness.verify(browser)).as("RP-initiated logout ended the Gatehouse session").isEqualTo(401);
        browser.driver().get(APP + "/");
        assertThat(browser.driver().getCurrentUrl()).as("the app asks to sign in again").startsWith(ISSUER + "/login");
    }

    @Test
    void gatehouse_ending_the_session_signs_the_app_out_through_back_channel_logout() throws InterruptedException {
        String name = harness.newAccount();
        Chromium browser = signInToTheApp(name);
        String appSession = (String) browser.cookies().stream().filter(c -> "JSESSIONID".equals(c.get("name")))
                .findFirst().orElseThrow().get("value");
        assertThat(app.home(appSession)).isEqualTo(200);

        // An administrator ends the account's sessions (the admin API): no browser of the app's is involved.
        long ended = System.nanoTime();
        HttpResponse<String> revoked = admin.delete("/v1/admin/accounts/" + name + "/sessions");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        long deadline = ended + Duration.ofSeconds(30).toNanos();
        while (app.home(appSession) == 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.home(appSession)).as("the app's session ended by a logout token").isEqualTo(302);
        System.out.printf("back-channel logout: the app's session ended %d ms after the Gatehouse session%n",
                (System.nanoTime() - ended) / 1_000_000);
        browser.driver().get(APP + "/");
        assertThat(browser.driver().getCurrentUrl()).as("the app asks to sign in again").startsWith(ISSUER + "/login");
    }

    /** Opens the app, signs in on Gatehouse's page it is sent to, and is back on the app's page, signed in. */
    private static Chromium signInToTheApp(String name) {
        Chromium browser = harness.browser();
        browser.driver().get(APP + "/");
        assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).as("sent to Gatehouse to sign in")
                .isEqualTo("/login");
        assertThat(browser.driver().getCurrentUrl()).startsWith(ISSUER);
        browser.fill("Username", name).fill("Password", TestServer.PASSWORD).press("Sign in");
        URI back = URI.create(browser.driver().getCurrentUrl());
        assertThat(back.getPort()).as("back at the app: " + back).isEqualTo(APP_PORT);
        assertThat(back.getPath()).isEqualTo("/"); // with Spring's ?continue
        assertThat(browser.text()).contains("Signed in as " + name)
                .contains(harness.server().gatehouse().accounts().get(name).id());
        return browser;
    }
}
