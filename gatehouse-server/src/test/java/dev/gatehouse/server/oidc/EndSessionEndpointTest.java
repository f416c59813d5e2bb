package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.key.KeySigner;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.Tokens.TokenGrant;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.PagesTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RP-initiated logout at /oauth2/logout, with and without an id_token_hint. */
class EndSessionEndpointTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;
    Account alice;
    Client client;
    String browserSession;
    TokenGrant grant;

    @BeforeEach
    void setUp() {
        server.createAccount("alice", false);
        alice = server.gatehouse().accounts().get("alice");
        client = Oidc.register(server, "first", true);
        browser = new Browser(server);
        PagesTest.signIn(browser, "alice", "/account");
        browserSession = Oidc.sessionId(server, browser);
        Session parent = server.gatehouse().sessions().findActive(browserSession).orElseThrow();
        grant = server.gatehouse().grants().issue(alice, client, parent,
                server.gatehouse().clients().audienceFor(client, null), "openid", false, Device.UNKNOWN, null);
    }

    /** An ID token as the token endpoint issues it, expired an hour ago (a hint may be). */
    private String idToken(String subject, String audience, String sid) throws Exception {
        return signed(subject, audience, sid, null);
    }

    private String signed(String subject, String audience, String sid, String type) throws Exception {
        KeySigner signer = server.gatehouse().signingKeys().signer();
        java.time.Instant now = server.clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(signer.algorithm().name()))
                .type(type == null ? null : new com.nimbusds.jose.JOSEObjectType(type)).keyID(signer.kid()).build(), new JWTClaimsSet.Builder().issuer(TestServer.ORIGIN).subject(subject)
                .audience(audience).claim("sid", sid).issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofHours(1)))).build());
        jwt.sign(signer.jwsSigner());
        return jwt.serialize();
    }

    private boolean signedIn() {
        return server.gatehouse().sessions().findActive(browserSession).isPresent();
    }

    @Test
    void a_hint_from_a_grant_of_this_session_signs_out_at_once_and_returns_with_state() throws Exception {
        String hint = idToken(alice.id(), "first", grant.session().id());
        HttpResponse<String> answer = browser.get("/oauth2/logout?id_token_hint=" + hint
                + "&post_logout_redirect_uri=" + ProviderClient.enc(Oidc.POST_LOGOUT) + "&state=bye-1");
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Oidc.location(answer)).isEqualTo(Oidc.POST_LOGOUT + "?state=bye-1");
        assertThat(signedIn()).isFalse();
    }

    @Test
    void a_client_may_post_the_hint_from_its_own_site() throws Exception {
        String hint = idToken(alice.id(), "first", grant.session().id());
        browser.fetchSite = "cross-site";
        browser.origin = "https://app.example.com";
        HttpResponse<String> answer = browser.postForm("/oauth2/logout", "id_token_hint=" + hint
                + "&post_logout_redirect_uri=" + ProviderClient.enc(Oidc.POST_LOGOUT));
        assertThat(Oidc.location(answer)).isEqualTo(Oidc.POST_LOGOUT);
        assertThat(signedIn()).isFalse();
    }

    @Test
    void a_confirmation_posted_from_another_site_is_refused() {
        browser.fetchSite = "cross-site";
        browser.origin = "https://evil.example";
        HttpResponse<String> forged = browser.postForm("/oauth2/logout", "confirm=yes&csrf=whatever");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(signedIn()).isTrue();
    }

    @Test
    void without_a_hint_the_person_is_asked_and_signing_out_on_the_form_returns_to_the_client() {
        HttpResponse<String> page = Oidc.html(browser, "/oauth2/logout?client_id=first&post_logout_redirect_uri="
                + ProviderClient.enc(Oidc.POST_LOGOUT) + "&state=bye-2");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign out?", "Photo App first");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://app.example.com;");
        assertThat(signedIn()).isTrue();
        String form = AuthorizeEndpointTest.form(page, "x").replace("decision=x&", "");
        assertThat(browser.postForm("/oauth2/logout", form.replaceAll("csrf=[^&]*", "csrf=forged")).statusCode())
                .isEqualTo(403);
        assertThat(signedIn()).isTrue();
        HttpResponse<String> done = browser.postForm("/oauth2/logout", form);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(Oidc.location(done)).isEqualTo(Oidc.POST_LOGOUT + "?state=bye-2");
        assertThat(signedIn()).isFalse();
    }

    @Test
    void a_hint_about_another_session_or_a_forged_one_asks_first() throws Exception {
        Browser other = new Browser(server);
        PagesTest.signIn(other, "alice", "/account");
        Session otherParent = server.gatehouse().sessions().findActive(Oidc.sessionId(server, other)).orElseThrow();
        TokenGrant otherGrant = server.gatehouse().grants().issue(alice, client, otherParent, "x", "openid", false,
                Device.UNKNOWN, null);
        String elsewhere = idToken(alice.id(), "first", otherGrant.session().id());
        assertThat(Oidc.html(browser, "/oauth2/logout?id_token_hint=" + elsewhere).body()).contains("Sign out?");
        String good = idToken(alice.id(), "first", grant.session().id());
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
        assertThat(Oidc.html(browser, "/oauth2/logout?id_token_hint=" + forged).body()).contains("Sign out?");
        String accessToken = signed(alice.id(), "first", grant.session().id(), "at+jwt");
        assertThat(Oidc.html(browser, "/oauth2/logout?id_token_hint=" + accessToken).body()).as("an access token is no hint")
                .contains("Sign out?");
        assertThat(signedIn()).isTrue();
    }

    @Test
    void a_post_logout_address_not_registered_is_an_error_page_and_signs_nobody_out() throws Exception {
        String hint = idToken(alice.id(), "first", grant.session().id());
        for (String wrong : new String[] {"https://evil.example/signed-out", Oidc.POST_LOGOUT + "x", Oidc.REDIRECT}) {
            HttpResponse<String> page = Oidc.html(browser, "/oauth2/logout?id_token_hint=" + hint
                    + "&post_logout_redirect_uri=" + ProviderClient.enc(wrong));
            assertThat(page.statusCode()).as(wrong).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).isEmpty();
        }
        HttpResponse<String> noClient = Oidc.html(browser, "/oauth2/logout?post_logout_redirect_uri=" + ProviderClient.enc(Oidc.POST_LOGOUT));
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(noClient.headers().firstValue("Location")).isEmpty();
        assertThat(signedIn()).isTrue();
    }

    @Test
    void a_browser_not_signed_in_goes_back_or_is_told_it_is_signed_out() {
        Browser stranger = new Browser(server);
        HttpResponse<String> back = stranger.get("/oauth2/logout?client_id=first&post_logout_redirect_uri="
                + ProviderClient.enc(Oidc.POST_LOGOUT));
        assertThat(Oidc.location(back)).isEqualTo(Oidc.POST_LOGOUT);
        HttpResponse<String> told = stranger.get("/oauth2/logout");
        assertThat(told.statusCode()).isEqualTo(303);
        assertThat(Oidc.location(told)).isEqualTo("/login?notice=signed_out");
    }
}
