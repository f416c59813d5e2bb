package dev.gatehouse.server.pages.admin;

import static dev.gatehouse.server.pages.PagesTest.csrfOf;
import static dev.gatehouse.server.pages.PagesTest.html;
import static dev.gatehouse.server.pages.PagesTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    void a_sensitive_action_after_the_password_grew_old_asks_for_it_again_then_returns() {
        String csrf = csrfOf(html(admin, "/admin/accounts/alice"));
        server.clock.advance(Duration.ofMinutes(11));

        HttpResponse<String> asked = admin.postForm("/admin/accounts/alice/lock", "csrf=" + csrf);
        assertThat(asked.headers().firstValue("Location")).hasValue("/admin/confirm?back=%2Fadmin%2Faccounts%2Falice");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();

        HttpResponse<String> wrong = admin.postForm("/admin/confirm", "csrf=" + csrf + "&back=/admin/accounts/alice&password=nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> confirmed = admin.postForm("/admin/confirm", "csrf=" + csrf
                + "&back=" + enc("//evil.example") + "&password=" + enc(TestServer.PASSWORD));
        assertThat(confirmed.headers().firstValue("Location")).hasValue("/admin?notice=password_confirmed");

        assertThat(admin.postForm("/admin/accounts/alice/lock", "csrf=" + csrf).headers().firstValue("Location"))
                .hasValue("/admin/accounts/alice?notice=account_locked");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isTrue();
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
