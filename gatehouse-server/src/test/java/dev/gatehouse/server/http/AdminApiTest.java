package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminApiTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser admin;

    @BeforeEach
    void start() {
        server.createAccount("root", true);
        server.createAccount("alice", false);
        admin = new Browser(server);
        admin.login("root");
    }

    @Test
    void only_admins_may_use_the_admin_api() {
        Browser alice = new Browser(server);
        alice.login("alice");
        HttpResponse<String> refused = alice.get("/v1/admin/accounts");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("forbidden");
        assertThat(alice.postJson("/v1/admin/accounts", "{\"username\":\"eve\",\"password\":\"a long passphrase\"}")
                .statusCode()).isEqualTo(403);
        assertThat(alice.post("/v1/admin/accounts/root/lock", null, "").statusCode()).isEqualTo(403);
        assertThat(alice.delete("/v1/admin/accounts/root/sessions").statusCode()).isEqualTo(403);
        assertThat(server.gatehouse().accounts().list()).extracting(a -> a.username()).containsExactly("alice", "root");
        assertThat(server.gatehouse().accounts().get("root").locked()).isFalse();
        assertThat(admin.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).get("/v1/admin/accounts").statusCode()).isEqualTo(401);
    }

    @Test
    void an_administrators_bearer_token_does_not_open_the_admin_api() {
        Browser api = new Browser(server);
        api.fetchSite = null;
        api.origin = null;
        String access = json(api.postJson("/v1/login", "{\"username\":\"root\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}")).path("access_token").asText();

        HttpResponse<String> refused = api.send(api.request("/v1/admin/accounts/alice/lock")
                .header("Authorization", "Bearer " + access).POST(HttpRequest.BodyPublishers.noBody()), false);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("browser_session_required");
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();
        assertThat(api.send(api.request("/v1/verify").header("Authorization", "Bearer " + access).GET(), false)
                .statusCode()).isEqualTo(200);
        assertThat(admin.get("/v1/admin/accounts").statusCode()).isEqualTo(200);
    }

    @Test
    void an_administrators_access_token_in_the_spa_cookie_does_not_open_the_admin_api() {
        Browser api = new Browser(server);
        String access = json(api.postJson("/v1/login", "{\"username\":\"root\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}")).path("access_token").asText();
        Browser forger = new Browser(server); // sets Sec-Fetch-Site and Origin as freely as any script
        forger.cookies.put(Cookies.ACCESS_TOKEN, access);

        HttpResponse<String> refused = forger.postJson("/v1/admin/accounts",
                "{\"username\":\"mallory\",\"password\":\"a long passphrase\",\"admin\":true}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("browser_session_required");
        assertThat(server.gatehouse().accounts().list()).extracting(a -> a.username()).containsExactly("alice", "root");
        assertThat(forger.get("/v1/admin/accounts").statusCode()).isEqualTo(403);
    }

    @Test
    void a_third_party_clients_token_of_an_administrator_cannot_lock_accounts() {
        server.gatehouse().clients().create("reports-app", null, Set.of());
        Browser reports = new Browser(server);
        String access = json(reports.postJson("/v1/login", "{\"username\":\"root\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"reports-app\","
                + "\"scope\":\"reports:read\"}")).path("access_token").asText();
        reports.cookies.put(Cookies.ACCESS_TOKEN, access);

        HttpResponse<String> refused = reports.post("/v1/admin/accounts/alice/lock", null, "");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(server.gatehouse().accounts().get("alice").locked()).isFalse();
    }

    @Test
    void an_administrator_signed_in_in_spa_mode_gets_no_admin_api_either() {
        Browser spa = new Browser(server);
        assertThat(spa.postJson("/v1/login", "{\"username\":\"root\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token-cookie\"}").statusCode()).isEqualTo(200);
        assertThat(spa.cookies).containsKey(Cookies.ACCESS_TOKEN);

        assertThat(code(spa.get("/v1/admin/accounts"))).isEqualTo("browser_session_required");
        assertThat(admin.get("/v1/admin/accounts").statusCode()).isEqualTo(200);
    }

    @Test
    void an_admin_creates_and_lists_accounts_without_any_hash_in_the_answer() {
        HttpResponse<String> created = admin.postJson("/v1/admin/accounts",
                "{\"username\":\"Bob\",\"password\":\"a long passphrase\",\"admin\":false}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("username").asText()).isEqualTo("Bob");

        HttpResponse<String> list = admin.get("/v1/admin/accounts");
        assertThat(list.body()).doesNotContain("argon2", "password");
        List<String> names = new ArrayList<>();
        json(list).path("accounts").forEach(a -> names.add(a.path("username").asText()));
        assertThat(names).containsExactly("alice", "Bob", "root");
        assertThat(new Browser(server).postJson("/v1/login",
                "{\"username\":\"bob\",\"password\":\"a long passphrase\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void locking_ends_the_accounts_sessions_and_unlocking_lets_it_sign_in_again() {
        Browser alice = new Browser(server);
        alice.login("alice");
        assertThat(json(admin.get("/v1/admin/accounts/alice/sessions")).path("sessions")).hasSize(1);

        HttpResponse<String> locked = admin.post("/v1/admin/accounts/alice/lock", null, "");
        assertThat(locked.statusCode()).isEqualTo(200);
        assertThat(json(locked).path("locked").asBoolean()).isTrue();
        assertThat(alice.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(json(admin.get("/v1/admin/accounts/alice/sessions")).path("sessions")).isEmpty();

        admin.post("/v1/admin/accounts/alice/unlock", null, "");
        assertThat(alice.login("alice").statusCode()).isEqualTo(200);
    }

    @Test
    void the_audit_log_records_sign_ins_failures_sign_outs_revocations_and_account_changes() {
        Browser alice = new Browser(server);
        alice.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong password\"}");
        alice.login("alice");
        alice.post("/v1/logout", null, "");
        alice.login("alice");
        admin.post("/v1/admin/accounts/alice/lock", null, "");

        JsonNode events = json(admin.get("/v1/admin/audit?limit=100")).path("events");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("account_created", "sign_in_failed", "sign_in_succeeded", "sign_out",
                "session_revoked", "account_locked");
        assertThat(events.toString()).doesNotContain(TestServer.PASSWORD, "wrong password");
        assertThat(events.get(0).path("seq").asLong()).isGreaterThan(events.get(1).path("seq").asLong());
    }

    @Test
    void an_admin_ends_every_session_of_an_account() {
        Browser alice = new Browser(server);
        alice.login("alice");
        var ended = admin.delete("/v1/admin/accounts/alice/sessions");
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(json(ended).path("revoked").asInt()).isEqualTo(1);
        assertThat(alice.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(admin.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void the_audit_log_pages_backwards() {
        JsonNode first = json(admin.get("/v1/admin/audit?limit=2"));
        assertThat(first.path("events")).hasSize(2);
        long next = first.path("next_before").asLong();
        JsonNode second = json(admin.get("/v1/admin/audit?limit=2&before=" + next));
        assertThat(second.path("events").get(0).path("seq").asLong()).isLessThan(next);
    }
}
