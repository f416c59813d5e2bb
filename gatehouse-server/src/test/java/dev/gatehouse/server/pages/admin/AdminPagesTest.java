package dev.gatehouse.server.pages.admin;

import static dev.gatehouse.server.pages.PagesTest.csrfOf;
import static dev.gatehouse.server.pages.PagesTest.html;
import static dev.gatehouse.server.pages.PagesTest.signIn;
import dev.gatehouse.server.pages.PagesTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.oidc.LogoutDelivery;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.pages.StepUpPageTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin dashboard over HTTP: who may see it, what each form does, and what the audit log says of it. */
class AdminPagesTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser admin;

    @BeforeEach
    void accounts() {
        server.createAccount("root", true);
        server.createAccount("alice", false);
        admin = new Browser(server);
        signIn(admin, "root", "/admin");
    }

    @Test
    void strangers_are_sent_to_sign_in_and_accounts_without_the_admin_role_get_a_403_page() {
        HttpResponse<String> stranger = html(new Browser(server), "/admin/accounts?q=al");
        assertThat(stranger.statusCode()).isEqualTo(303);
        assertThat(stranger.headers().firstValue("Location")).hasValue("/login?return_to=%2Fadmin%2Faccounts%3Fq%3Dal");

        Browser alice = new Browser(server);
        signIn(alice, "alice", "/account");
        HttpResponse<String> refused = html(alice, "/admin");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Administrator pages need the admin role", "forbidden");
        assertThat(html(alice, "/account").body()).doesNotContain("href=\"/admin\"");
        assertThat(html(admin, "/account").body()).contains("href=\"/admin\"");
    }

    @Test
    void the_overview_shows_the_numbers_and_the_keys() {
        HttpResponse<String> page = html(admin, "/admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("sign-ins in the last hour", "locked accounts", "signing", "aria-current=\"page\"");
    }

    @Test
    void an_admin_creates_an_account_locks_it_and_its_owner_is_refused_and_the_audit_log_names_the_admin() {
        String csrf = csrfOf(html(admin, "/admin/accounts"));
        HttpResponse<String> created = admin.postForm("/admin/accounts", "csrf=" + csrf + "&username=bob&password="
                + enc(TestServer.PASSWORD));
        assertThat(created.headers().firstValue("Location")).hasValue("/admin/accounts/bob?notice=account_created");
        Browser bob = new Browser(server);
        signIn(bob, "bob", "/account");

        assertThat(admin.postForm("/admin/accounts/bob/lock", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/admin/accounts/bob?notice=account_locked");
        assertThat(bob.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(html(admin, "/admin/accounts/bob?notice=account_locked").body()).contains("Locked", "Unlock");

        String bobId = server.gatehouse().accounts().get("bob").id();
        List<AuditEvent> events = server.gatehouse().auditTrail().search(AuditQuery.newest(20).account(bobId)
                .types(Set.of(AuditType.ACCOUNT_CREATED, AuditType.ACCOUNT_LOCKED))).events();
        assertThat(events).extracting(AuditEvent::type).contains(AuditType.ACCOUNT_CREATED, AuditType.ACCOUNT_LOCKED);
        assertThat(events).allSatisfy(e -> assertThat(e.actorName()).isEqualTo("root"));

        HttpResponse<String> search = html(admin, "/admin/accounts?q=B");
        assertThat(search.body()).contains("href=\"/admin/accounts/bob\"").doesNotContain("href=\"/admin/accounts/alice\"");
    }

    @Test
    void a_sensitive_action_after_the_password_grew_old_asks_for_it_again_on_the_step_up_page_then_returns() {
        String csrf = csrfOf(html(admin, "/admin/accounts/alice"));
        server.clock.advance(Duration.ofMinutes(11));

        HttpResponse<String> asked = admin.postForm("/admin/accounts/alice/lock", "csrf=" + csrf);
        assertThat(asked.statusCode()).isEqualTo(303);
        assertThat(asked.headers().firstValue("Location"))
                .hasValue("/step-up?need=recent&max_age=600&return_to=%2Fadmin%2Faccounts%2Falice");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();

        HttpResponse<String> page = html(admin, asked.headers().firstValue("Location").orElseThrow());
        assertThat(page.body()).contains("Confirm it is you", "name=\"password\"");
        HttpResponse<String> wrong = admin.postForm("/step-up", "csrf=" + csrf
                + "&need=recent&max_age=600&factor=password&return_to=/admin/accounts/alice&password=nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> confirmed = admin.postForm("/step-up", "csrf=" + csrf
                + "&need=recent&max_age=600&factor=password&return_to=" + enc("/admin/accounts/alice")
                + "&password=" + enc(TestServer.PASSWORD));
        assertThat(confirmed.headers().firstValue("Location")).hasValue("/admin/accounts/alice");

        assertThat(admin.postForm("/admin/accounts/alice/lock", "csrf=" + csrf).statusCode())
                .as("a form of the session before the step-up").isEqualTo(403);
        String fresh = csrfOf(html(admin, "/admin/accounts/alice"));
        assertThat(admin.postForm("/admin/accounts/alice/lock", "csrf=" + fresh).headers().firstValue("Location"))
                .hasValue("/admin/accounts/alice?notice=account_locked");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isTrue();
    }

    @Test
    void an_admin_who_set_up_a_second_factor_after_signing_in_uses_it_before_a_sensitive_action() {
        Browser browser = new Browser(server);
        signIn(browser, "root", "/admin");
        StepUpPageTest.Enrolled app = StepUpPageTest.enrolTotp(server, "root");
        String csrf = csrfOf(html(browser, "/admin/keys"));

        HttpResponse<String> asked = browser.postForm("/admin/keys/rotate", "csrf=" + csrf);
        assertThat(asked.headers().firstValue("Location"))
                .hasValue("/step-up?need=mfa&max_age=600&return_to=%2Fadmin%2Fkeys");
        HttpResponse<String> page = html(browser, asked.headers().firstValue("Location").orElseThrow());
        assertThat(page.body()).contains("Code from your authenticator app").doesNotContain("name=\"password\"");
        HttpResponse<String> stepped = browser.postForm("/step-up", "csrf=" + csrf + "&need=mfa&max_age=600"
                + "&factor=totp&return_to=%2Fadmin%2Fkeys&code=" + new AuthenticatorApp(app.secret()).code(server.clock.instant()));
        assertThat(stepped.headers().firstValue("Location")).hasValue("/admin/keys");

        int before = server.gatehouse().signingKeys().statuses().size();
        assertThat(browser.postForm("/admin/keys/rotate", "csrf=" + csrfOf(html(browser, "/admin/keys")))
                .headers().firstValue("Location")).hasValue("/admin/keys?notice=key_rotated");
        assertThat(server.gatehouse().signingKeys().statuses()).hasSize(before + 1);

        server.clock.advance(Duration.ofMinutes(11));
        assertThat(browser.postForm("/admin/keys/rotate", "csrf=" + csrfOf(html(browser, "/admin/keys")))
                .headers().firstValue("Location")).as("a two-factor session grows old too, and is asked for a fresh sign-in")
                .hasValue("/step-up?need=recent&max_age=600&return_to=%2Fadmin%2Fkeys");
    }

    @Test
    void when_the_policy_requires_a_second_factor_an_admin_without_one_is_sent_to_set_one_up() {
        Browser browser = new Browser(server);
        signIn(browser, "root", "/admin");
        server.restartWith(Map.of(Setting.MFA_REQUIRED, "admin"));
        assertThat(PagesTest.signInWith(new Browser(server), "root", TestServer.PASSWORD, "/admin").headers()
                .firstValue("Location")).as("a new sign-in enrols first").hasValue("/login/enrol");

        HttpResponse<String> asked = browser.postForm("/admin/keys/rotate", "csrf=" + csrfOf(html(browser, "/admin/keys")));
        assertThat(asked.headers().firstValue("Location")).hasValue("/step-up?need=mfa&max_age=600&return_to=%2Fadmin%2Fkeys");
        assertThat(html(browser, asked.headers().firstValue("Location").orElseThrow()).body())
                .contains("your account has none yet", "href=\"/account\"");
    }

    @Test
    void an_admin_sees_an_accounts_second_factors_and_resets_them_for_someone_who_lost_their_device() {
        assertThat(html(admin, "/admin/accounts/alice").body()).contains("Second factors", "Authenticator app", "none",
                "No passkeys.").doesNotContain("Reset second factors");
        StepUpPageTest.enrolTotp(server, "alice");
        HttpResponse<String> page = html(admin, "/admin/accounts/alice");
        assertThat(page.body()).contains("set up", "<dd>10</dd>", "Reset second factors");

        HttpResponse<String> reset = admin.postForm("/admin/accounts/alice/factors/reset", "csrf=" + csrfOf(page));
        assertThat(reset.headers().firstValue("Location")).hasValue("/admin/accounts/alice?notice=second_factors_reset");
        String aliceId = server.gatehouse().accounts().get("alice").id();
        assertThat(server.gatehouse().secondFactors().summary(aliceId).hasSecondFactor()).isFalse();
        assertThat(server.gatehouse().secondFactors().summary(aliceId).recoveryCodesLeft()).isZero();
        assertThat(html(admin, "/admin/accounts/alice?notice=second_factors_reset").body())
                .contains("second factors are removed");
        AuditEvent event = server.gatehouse().auditTrail().search(AuditQuery.newest(1).account(aliceId)
                .types(Set.of(AuditType.SECOND_FACTORS_RESET))).events().getFirst();
        assertThat(event.actorName()).isEqualTo("root");
        assertThat(html(admin, "/admin/audit?account=alice").body()).contains("second factors reset by an administrator");
    }

    @Test
    void roles_passwords_and_an_admin_who_would_lock_themselves_out() {
        String csrf = csrfOf(html(admin, "/admin/accounts/alice"));
        assertThat(admin.postForm("/admin/accounts/alice/roles", "csrf=" + csrf + "&roles=reports,+billing")
                .headers().firstValue("Location")).hasValue("/admin/accounts/alice?notice=roles_saved");
        assertThat(server.gatehouse().accounts().get("alice").roles()).containsExactlyInAnyOrder("reports", "billing");

        Browser alice = new Browser(server);
        signIn(alice, "alice", "/account");
        assertThat(admin.postForm("/admin/accounts/alice/password", "csrf=" + csrf + "&password="
                + enc("another long passphrase")).headers().firstValue("Location")).hasValue("/admin/accounts/alice?notice=password_set");
        assertThat(alice.get("/v1/verify").statusCode()).isEqualTo(401);

        HttpResponse<String> weak = admin.postForm("/admin/accounts/alice/password", "csrf=" + csrf + "&password=short");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("class=\"error\"");

        HttpResponse<String> self = admin.postForm("/admin/accounts/root/lock", "csrf=" + csrf);
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(server.gatehouse().accounts().get("root").locked()).isFalse();
    }

    @Test
    void keys_rotate_and_clients_are_registered_with_their_secret_shown_once_and_deleted() {
        String csrf = csrfOf(html(admin, "/admin/keys"));
        int before = server.gatehouse().signingKeys().statuses().size();
        assertThat(admin.postForm("/admin/keys/rotate", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/admin/keys?notice=key_rotated");
        assertThat(server.gatehouse().signingKeys().statuses()).hasSize(before + 1);

        HttpResponse<String> created = admin.postForm("/admin/clients", "csrf=" + csrf + "&id=reports-app&audiences=&confidential=on");
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher secret = Pattern.compile("<p class=\"secret\">([^<]+)</p>").matcher(created.body());
        assertThat(secret.find()).isTrue();
        assertThat(html(admin, "/admin/clients").body()).contains("reports-app").doesNotContain(secret.group(1));

        assertThat(admin.postForm("/admin/clients/reports-app/delete", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/admin/clients?notice=client_deleted");
        assertThat(html(admin, "/admin/clients").body()).doesNotContain("<code>reports-app</code>");
    }

    @Test
    void a_client_is_registered_with_its_redirect_uris_grant_types_and_back_channel_uri_and_its_page_shows_them() {
        String csrf = csrfOf(html(admin, "/admin/clients"));
        String form = "csrf=" + csrf + "&id=shop&audiences=&confidential=on&name=" + enc("The Shop")
                + "&auth_method=client_secret_post"
                + "&redirect_uris=" + enc("https://shop.example/cb\r\n\r\n  http://127.0.0.1:9000/cb \r\n")
                + "&post_logout_redirect_uris=" + enc("https://shop.example/bye")
                + "&grant_authorization_code=on&grant_refresh_token=on&scope=" + enc("orders reports")
                + "&first_party=on&access_token_lifetime=120&grant_lifetime=&backchannel_logout_uri="
                + enc("https://shop.example/logout") + "&jwks=&jwks_uri=";

        HttpResponse<String> created = admin.postForm("/admin/clients", form);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<p class=\"secret\">");
        var registration = server.gatehouse().clients().find("shop").orElseThrow().registration();
        assertThat(registration.redirectUris()).containsExactly("https://shop.example/cb", "http://127.0.0.1:9000/cb");
        assertThat(registration.authMethod().wireName()).isEqualTo("client_secret_post");
        assertThat(registration.firstParty()).isTrue();
        String page = html(admin, "/admin/clients/shop").body();
        assertThat(page).contains("The Shop", "<code>client_secret_post</code>", "<code>https://shop.example/cb</code>",
                "<code>http://127.0.0.1:9000/cb</code>", "<code>https://shop.example/bye</code>",
                "<code>authorization_code</code>", "<code>refresh_token</code>", "orders reports",
                "<code>https://shop.example/logout</code>", "120");
        assertThat(page).contains("None sent recently.");
        server.gatehouse().oauthStores().logoutDeliveries().enqueue(new LogoutDelivery("d1", "shop", "sid-given-up",
                "acc", "https://shop.example/logout", server.clock.instant(), 10, null, null, "HTTP 500"));
        assertThat(html(admin, "/admin/clients/shop").body()).contains("<code>sid-given-up</code>", "given up", "HTTP 500");
        assertThat(html(admin, "/admin/clients").body()).contains("href=\"/admin/clients/shop\"");
        assertThat(html(admin, "/admin/clients/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void a_registration_that_breaks_a_rule_is_shown_again_with_the_reason_and_nothing_is_stored() {
        String csrf = csrfOf(html(admin, "/admin/clients"));

        HttpResponse<String> refused = admin.postForm("/admin/clients", "csrf=" + csrf + "&id=shop&audiences="
                + "&redirect_uris=" + enc("http://shop.example/cb") + "&grant_authorization_code=on");
        HttpResponse<String> noRedirect = admin.postForm("/admin/clients", "csrf=" + csrf + "&id=shop&audiences="
                + "&grant_client_credentials=on");
        HttpResponse<String> badNumber = admin.postForm("/admin/clients", "csrf=" + csrf + "&id=shop&audiences="
                + "&access_token_lifetime=soon");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"")
                .as("what was entered is shown again").contains(">http://shop.example/cb</textarea>")
                .containsPattern("name=\"grant_authorization_code\" checked");
        assertThat(noRedirect.statusCode()).isEqualTo(400);
        assertThat(noRedirect.body()).contains("client_credentials");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        assertThat(server.gatehouse().clients().find("shop")).isEmpty();
    }

    @Test
    void the_audit_log_filters_by_account_and_type_and_says_when_a_filter_cannot_be_read() {
        signIn(new Browser(server), "alice", "/account");
        HttpResponse<String> filtered = html(admin, "/admin/audit?account=alice&type=SIGN_IN_SUCCEEDED");
        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat(filtered.body()).contains("signed in").doesNotContain("<td data-label=\"Account\">root</td>");

        assertThat(html(admin, "/admin/audit?type=NO_SUCH_TYPE").statusCode()).isEqualTo(400);
        assertThat(html(admin, "/admin/audit?from=yesterday").body()).contains("That filter cannot be read");
        assertThat(html(admin, "/admin/audit?account=nobody").body()).contains("There is no account nobody.");
    }

    @Test
    void an_admin_ends_one_session_of_an_account_in_their_own_name() {
        Browser alice = new Browser(server);
        signIn(alice, "alice", "/account");
        HttpResponse<String> page = html(admin, "/admin/accounts/alice");
        Matcher sid = Pattern.compile("name=\"sid\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(sid.find()).isTrue();
        assertThat(admin.postForm("/admin/accounts/alice/sessions/revoke", "csrf=" + csrfOf(page) + "&sid=" + sid.group(1))
                .headers().firstValue("Location")).hasValue("/admin/accounts/alice?notice=session_ended");
        assertThat(alice.get("/v1/verify").statusCode()).isEqualTo(401);
        AuditEvent ended = server.gatehouse().auditTrail().search(AuditQuery.newest(1)
                .types(Set.of(AuditType.SESSION_REVOKED))).events().getFirst();
        assertThat(ended.actorName()).isEqualTo("root");
    }

    @Test
    void a_form_without_its_token_changes_nothing() {
        HttpResponse<String> forged = admin.postForm("/admin/accounts/alice/lock", "csrf=forged");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
