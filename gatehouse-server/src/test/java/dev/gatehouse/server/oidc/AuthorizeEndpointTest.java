package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.Oidc.REDIRECT;
import static dev.gatehouse.server.oidc.Oidc.answerAt;
import static dev.gatehouse.server.oidc.Oidc.authorizePath;
import static dev.gatehouse.server.oidc.Oidc.html;
import static dev.gatehouse.server.oidc.Oidc.location;
import static dev.gatehouse.server.oidc.Oidc.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.oidc.Authorization;
import dev.gatehouse.core.oidc.AuthorizationCodes.Redemption;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.PagesTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /oauth2/authorize} and the consent page, over HTTP, through a browser that follows no redirect. */
class AuthorizeEndpointTest {

    private static final String ISSUER = TestServer.ORIGIN;
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;
    Account alice;

    @BeforeEach
    void setUp() {
        server.createAccount("alice", false);
        alice = server.gatehouse().accounts().get("alice");
        Oidc.register(server, "first", true);
        Oidc.register(server, "third", false);
        browser = new Browser(server);
    }

    @Test
    void a_signed_in_browser_gets_a_code_for_a_first_party_client_at_once_and_the_code_opens_to_the_request() {
        PagesTest.signIn(browser, "alice", "/account");
        HttpResponse<String> answer = browser.get(authorizePath(request("first")));
        Map<String, String> q = answerAt(REDIRECT, answer);
        assertThat(q).containsEntry("state", "state-123").containsEntry("iss", ISSUER).containsKey("code");
        assertThat(q.keySet()).containsExactly("code", "state", "iss");

        Redemption redeemed = server.gatehouse().authorizationCodes().redeem(q.get("code"));
        assertThat(redeemed).isInstanceOf(Redemption.Valid.class);
        Authorization a = ((Redemption.Valid) redeemed).authorization();
        assertThat(a.clientId()).isEqualTo("first");
        assertThat(a.redirectUri()).isEqualTo(REDIRECT);
        assertThat(a.codeChallenge()).isEqualTo(Oidc.CHALLENGE);
        assertThat(a.scope()).isEqualTo("openid profile");
        assertThat(a.nonce()).isEqualTo("nonce-456");
        assertThat(a.accountId()).isEqualTo(alice.id());
        assertThat(a.sessionId()).isEqualTo(Oidc.sessionId(server, browser));
    }

    @Test
    void the_same_request_by_post_is_answered_the_same_way() {
        PagesTest.signIn(browser, "alice", "/account");
        String form = authorizePath(request("first")).substring("/oauth2/authorize?".length());
        assertThat(answerAt(REDIRECT, browser.postForm("/oauth2/authorize", form))).containsKey("code");
    }

    @Test
    void a_browser_not_signed_in_signs_in_first_with_the_hinted_name_and_comes_back_for_its_code() {
        Map<String, String> p = request("first");
        p.put("login_hint", "alice");
        HttpResponse<String> toLogin = browser.get(authorizePath(p));
        assertThat(toLogin.statusCode()).isEqualTo(303);
        assertThat(location(toLogin)).startsWith("/login?return_to=");
        HttpResponse<String> loginPage = html(browser, location(toLogin));
        assertThat(loginPage.body()).contains("name=\"username\" value=\"alice\"");
        // the sign-in form's redirects end at the client: the page's form-action allows it, and only it
        assertThat(loginPage.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://app.example.com;");
        assertThat(html(new Browser(server), "/login").headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self';");
        String returnTo = Oidc.query(URI.create(location(toLogin)).getRawQuery()).get("return_to");
        assertThat(returnTo).startsWith("/oauth2/authorize?");

        HttpResponse<String> signedIn = PagesTest.signIn(browser, "alice", returnTo);
        assertThat(location(signedIn)).isEqualTo(returnTo);
        Map<String, String> q = answerAt(REDIRECT, browser.get(returnTo));
        assertThat(q).containsKey("code").containsEntry("state", "state-123");
    }

    @Test
    void an_unknown_client_gets_an_error_page_and_no_redirect() {
        HttpResponse<String> page = html(browser, authorizePath(request("nobody")));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("not registered");
        Map<String, String> p = request("first");
        p.remove("client_id");
        assertThat(html(browser, authorizePath(p)).statusCode()).isEqualTo(400);
    }

    @Test
    void a_redirect_uri_not_registered_or_one_character_off_gets_an_error_page_and_no_redirect() {
        PagesTest.signIn(browser, "alice", "/account");
        for (String wrong : List.of("https://app.example.com/callbacks", "https://app.example.com/Callback",
                "https://evil.example/callback", "https://app.example.com/callback#x", "http://127.0.0.2:5000/native",
                "https://app.example.com@evil.example/callback")) {
            Map<String, String> p = request("first");
            p.put("redirect_uri", wrong);
            HttpResponse<String> page = html(browser, authorizePath(p));
            assertThat(page.statusCode()).as(wrong).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).as(wrong).isEmpty();
            assertThat(page.body()).contains("invalid_redirect_uri");
        }
        Map<String, String> missing = request("first");
        missing.remove("redirect_uri");
        assertThat(browser.get(authorizePath(missing)).headers().firstValue("Location")).isEmpty();
    }

    @Test
    void a_native_app_on_a_loopback_port_of_its_own_gets_its_code_there() {
        PagesTest.signIn(browser, "alice", "/account");
        Map<String, String> p = request("first");
        p.put("redirect_uri", "http://127.0.0.1:49152/native");
        assertThat(answerAt("http://127.0.0.1:49152/native", browser.get(authorizePath(p)))).containsKey("code");
    }

    /**
     * A mobile app (RFC 8252 §7.1): a public client registered, through the same checks as the
     * CLI and admin API, with a private-use scheme. The code goes to that scheme, with state and
     * iss, and the app redeems it with the PKCE verifier and no secret.
     */
    @Test
    void a_mobile_app_gets_its_code_at_its_private_use_scheme_and_redeems_it_without_a_secret() {
        String redirect = "com.example.photos:/oauth2redirect";
        server.gatehouse().clients().create("mobile", null, Set.of(), new ClientRegistration("Photos", ClientAuthMethod.NONE,
                List.of(redirect), List.of(), Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), Set.of(), true,
                null, null, null, null, null), Actor.COMMAND_LINE);
        PagesTest.signIn(browser, "alice", "/account");
        Map<String, String> p = request("mobile");
        p.put("redirect_uri", redirect);
        p.put("scope", "openid offline_access");

        Map<String, String> q = answerAt(redirect, browser.get(authorizePath(p)));
        assertThat(q).containsEntry("state", "state-123").containsEntry("iss", ISSUER);
        HttpResponse<String> tokens = new ProviderClient(server).token(ProviderClient.form("grant_type",
                "authorization_code", "code", q.get("code"), "redirect_uri", redirect, "client_id", "mobile",
                "code_verifier", Oidc.VERIFIER), null);

        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(ProviderClient.json(tokens).path("refresh_token").asText()).isNotEmpty();
        assertThat(ProviderClient.json(tokens).path("id_token").asText()).isNotEmpty();
    }

    @Test
    void missing_or_plain_pkce_goes_back_as_invalid_request_with_state_and_iss() {
        PagesTest.signIn(browser, "alice", "/account");
        Map<String, String> none = request("first");
        none.remove("code_challenge");
        none.remove("code_challenge_method");
        Map<String, String> plain = request("first");
        plain.put("code_challenge_method", "plain");
        Map<String, String> noMethod = request("first");
        noMethod.remove("code_challenge_method");
        for (Map<String, String> p : List.of(none, plain, noMethod)) {
            Map<String, String> q = answerAt(REDIRECT, browser.get(authorizePath(p)));
            assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "state-123")
                    .containsEntry("iss", ISSUER).doesNotContainKey("code");
        }
    }

    @Test
    void other_faults_go_back_to_the_client_with_their_error() {
        PagesTest.signIn(browser, "alice", "/account");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("response_type", "token")))))
                .containsEntry("error", "unsupported_response_type");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("scope", "openid admin")))))
                .containsEntry("error", "invalid_scope");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("prompt", "none login")))))
                .containsEntry("error", "invalid_request");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("max_age", "soon")))))
                .containsEntry("error", "invalid_request");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(request("first")) + "&scope=email")))
                .containsEntry("error", "invalid_request");
        Oidc.register(server, "coded", true, Set.of(GrantType.AUTHORIZATION_CODE), List.of(REDIRECT));
        Map<String, String> offline = request("coded");
        offline.put("scope", "openid offline_access");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(offline)))).containsEntry("error", "invalid_scope");
        Oidc.register(server, "service", true, Set.of(GrantType.CLIENT_CREDENTIALS), List.of(REDIRECT));
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(request("service")))))
                .containsEntry("error", "unauthorized_client");
        // a registered scope and the standard ones are fine
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("scope", "openid email photos.read offline_access")))))
                .containsKey("code");
    }

    @Test
    void prompt_none_without_a_session_is_login_required() {
        Map<String, String> q = answerAt(REDIRECT, browser.get(authorizePath(with("prompt", "none"))));
        assertThat(q).containsEntry("error", "login_required").containsEntry("state", "state-123").containsEntry("iss", ISSUER);
    }

    @Test
    void a_sign_in_older_than_max_age_or_prompt_login_sends_the_browser_to_sign_in_again_once() {
        PagesTest.signIn(browser, "alice", "/account");
        String before = Oidc.sessionId(server, browser);
        server.clock.advance(Duration.ofMinutes(10));
        Map<String, String> recent = with("max_age", "60");
        HttpResponse<String> again = browser.get(authorizePath(recent));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(location(again)).startsWith("/login?");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("max_age", "3600"))))).containsKey("code");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(with("max_age", "60")) .replace("max_age=60", "max_age=60&prompt=none"))))
                .containsEntry("error", "login_required");

        HttpResponse<String> login = browser.get(authorizePath(with("prompt", "login")));
        assertThat(login.statusCode()).isEqualTo(303);
        String returnTo = Oidc.query(URI.create(location(login)).getRawQuery()).get("return_to");
        assertThat(returnTo).doesNotContain("prompt");
        PagesTest.signIn(browser, "alice", returnTo);
        String after = Oidc.sessionId(server, browser);
        assertThat(after).isNotEqualTo(before);
        assertThat(server.gatehouse().sessions().findActive(before)).as("the fresh sign-in replaced the session").isEmpty();
        Map<String, String> q = answerAt(REDIRECT, browser.get(returnTo));
        Authorization a = ((Redemption.Valid) server.gatehouse().authorizationCodes().redeem(q.get("code"))).authorization();
        assertThat(a.sessionId()).isEqualTo(after);
    }

    @Test
    void a_third_party_client_asks_for_consent_which_is_remembered_and_asked_again_with_prompt_consent() {
        PagesTest.signIn(browser, "alice", "/account");
        Map<String, String> p = request("third");
        p.put("scope", "openid profile photos.read");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(withPrompt(p, "none")))))
                .containsEntry("error", "consent_required");
        HttpResponse<String> page = html(browser, authorizePath(p));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Photo App third", "See your username", "photos.read", "Allow", "Deny");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://app.example.com;");

        Map<String, String> q = answerAt(REDIRECT, submit(page, "allow"));
        assertThat(q).containsKey("code").containsEntry("state", "state-123").containsEntry("iss", ISSUER);
        assertThat(server.gatehouse().oauthStores().consents().find(alice.id(), "third").orElseThrow().scopes())
                .containsExactlyInAnyOrder("openid", "profile", "photos.read");
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(50))).extracting(e -> e.type())
                .contains(AuditType.CONSENT_GRANTED);

        assertThat(answerAt(REDIRECT, browser.get(authorizePath(p)))).containsKey("code");
        p.put("scope", "openid");
        assertThat(answerAt(REDIRECT, browser.get(authorizePath(p)))).as("fewer scopes are covered").containsKey("code");
        assertThat(html(browser, authorizePath(withPrompt(p, "consent"))).body()).contains("Allow");
        p.put("scope", "openid email");
        assertThat(html(browser, authorizePath(p)).body()).as("a new scope asks again").contains("Allow");
    }

    @Test
    void denying_consent_goes_back_as_access_denied_and_stores_nothing() {
        PagesTest.signIn(browser, "alice", "/account");
        HttpResponse<String> page = html(browser, authorizePath(request("third")));
        Map<String, String> q = answerAt(REDIRECT, submit(page, "deny"));
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "state-123").doesNotContainKey("code");
        assertThat(server.gatehouse().oauthStores().consents().find(alice.id(), "third")).isEmpty();
    }

    @Test
    void a_consent_form_without_its_token_or_with_a_changed_redirect_uri_is_refused() {
        PagesTest.signIn(browser, "alice", "/account");
        HttpResponse<String> page = html(browser, authorizePath(request("third")));
        String form = form(page, "allow");
        assertThat(browser.postForm("/oauth2/consent", form.replaceAll("csrf=[^&]*", "csrf=forged")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> moved = browser.postForm("/oauth2/consent", form.replace(ProviderClient.enc(REDIRECT),
                ProviderClient.enc("https://evil.example/callback")));
        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(moved.headers().firstValue("Location")).isEmpty();
        assertThat(server.gatehouse().oauthStores().consents().find(alice.id(), "third")).isEmpty();
    }

    private HttpResponse<String> submit(HttpResponse<String> page, String decision) {
        return browser.postForm("/oauth2/consent", form(page, decision));
    }

    /** The fields of the form in the page's main part (the consent or sign-out form), as the browser would post them. */
    static String form(HttpResponse<String> page, String decision) {
        StringBuilder b = new StringBuilder("decision=" + decision);
        Matcher m = HIDDEN.matcher(page.body().substring(page.body().indexOf("<main")));
        while (m.find()) {
            b.append('&').append(ProviderClient.enc(m.group(1))).append('=').append(ProviderClient.enc(unescape(m.group(2))));
        }
        return b.toString();
    }

    private static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> p = request("first");
        p.put(name, value);
        return p;
    }

    private static Map<String, String> withPrompt(Map<String, String> p, String prompt) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(p);
        copy.put("prompt", prompt);
        return copy;
    }
}
