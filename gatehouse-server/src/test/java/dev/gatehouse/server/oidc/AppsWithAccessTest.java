package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.Tokens.TokenGrant;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.PagesTest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "Apps with access" on /account and over JSON: consents listed, and revoking one ends the app's grants. */
class AppsWithAccessTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;
    Account alice;
    Client third;
    TokenGrant grant;

    @BeforeEach
    void setUp() {
        server.createAccount("alice", false);
        alice = server.gatehouse().accounts().get("alice");
        third = Oidc.register(server, "third", false);
        browser = new Browser(server);
        PagesTest.signIn(browser, "alice", "/account");
        server.gatehouse().oauthStores().consents().put(new Consent(alice.id(), "third", Set.of("openid", "profile"),
                TestServer.START));
        Session parent = server.gatehouse().sessions().findActive(Oidc.sessionId(server, browser)).orElseThrow();
        grant = server.gatehouse().grants().issue(alice, third, parent,
                server.gatehouse().clients().audienceFor(third, null), "openid profile", false, Device.UNKNOWN, null);
    }

    @Test
    void the_account_page_lists_the_app_and_revoking_it_ends_its_grant_and_asks_for_consent_again() {
        HttpResponse<String> page = Oidc.html(browser, "/account");
        assertThat(page.body()).contains("Apps with access", "Photo App third", "See your username", "Revoke access");
        String csrf = PagesTest.csrfOf(page);
        HttpResponse<String> revoked = browser.postForm("/account/apps/revoke", "csrf=" + ProviderClient.enc(csrf) + "&client_id=third");
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(Oidc.location(revoked)).isEqualTo("/account?notice=app_access_revoked");
        assertThat(server.gatehouse().oauthStores().consents().find(alice.id(), "third")).isEmpty();
        assertThat(server.gatehouse().sessions().findActive(grant.session().id())).as("the grant's session").isEmpty();
        assertThat(server.gatehouse().sessions().findActive(Oidc.sessionId(server, browser))).as("the browser's").isPresent();
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(20))).extracting(e -> e.type())
                .contains(AuditType.CONSENT_REVOKED);
        assertThat(Oidc.html(browser, "/account").body()).contains("No app has access");
        assertThat(Oidc.html(browser, Oidc.authorizePath(Oidc.request("third"))).body()).contains("Allow");
    }

    @Test
    void a_revoke_form_without_its_token_changes_nothing() {
        HttpResponse<String> forged = browser.postForm("/account/apps/revoke", "csrf=forged&client_id=third");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(server.gatehouse().oauthStores().consents().find(alice.id(), "third")).isPresent();
        assertThat(server.gatehouse().sessions().findActive(grant.session().id())).isPresent();
    }

    @Test
    void the_json_api_lists_and_revokes_consents() {
        HttpResponse<String> list = browser.get("/v1/consents");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"client_id\":\"third\"", "\"client_name\":\"Photo App third\"", "\"openid\"");
        assertThat(browser.delete("/v1/consents/third").statusCode()).isEqualTo(204);
        assertThat(server.gatehouse().sessions().findActive(grant.session().id())).isEmpty();
        HttpResponse<String> again = browser.delete("/v1/consents/third");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("consent_not_found");
        assertThat(browser.get("/v1/consents").body()).isEqualTo("{\"consents\":[]}");
        assertThat(new Browser(server).get("/v1/consents").statusCode()).isEqualTo(401);
    }
}
