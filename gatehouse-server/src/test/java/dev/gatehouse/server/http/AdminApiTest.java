package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.pages.StepUpPageTest;
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
        String next = first.path("next").asText();
        JsonNode second = json(admin.get("/v1/admin/audit?limit=2&cursor=" + next));
        assertThat(second.path("events").get(0).path("seq").asLong()).isLessThan(Long.parseLong(next));
        // the older names of the cursor still work
        JsonNode again = json(admin.get("/v1/admin/audit?limit=2&before=" + first.path("next_before").asLong()));
        assertThat(again.path("events")).isEqualTo(second.path("events"));
    }

    private static List<String> names(HttpResponse<String> list) {
        List<String> names = new ArrayList<>();
        json(list).path("accounts").forEach(a -> names.add(a.path("username").asText()));
        return names;
    }

    @Test
    void accounts_are_searched_by_the_start_of_their_name_a_page_at_a_time() {
        for (String name : List.of("bob", "Bobby", "bo.b", "carol", "ROBERT")) {
            server.createAccount(name, false);
        }

        HttpResponse<String> first = admin.get("/v1/admin/accounts?q=BO&limit=2");
        assertThat(names(first)).containsExactly("bo.b", "bob");
        String next = json(first).path("next").asText();
        HttpResponse<String> second = admin.get("/v1/admin/accounts?q=BO&limit=2&cursor=" + next);
        assertThat(names(second)).containsExactly("Bobby");
        assertThat(json(second).has("next")).isFalse();

        assertThat(names(admin.get("/v1/admin/accounts?q=rob"))).containsExactly("ROBERT");
        assertThat(names(admin.get("/v1/admin/accounts?q=obert"))).isEmpty();
        assertThat(names(admin.get("/v1/admin/accounts"))).hasSize(7);
        assertThat(code(admin.get("/v1/admin/accounts?cursor=%21%21"))).isEqualTo("invalid_cursor");
        assertThat(code(admin.get("/v1/admin/accounts?limit=101"))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/accounts?limit=0"))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/accounts?q=" + "a".repeat(65)))).isEqualTo("invalid_parameter");
    }

    @Test
    void an_admin_sets_a_new_password_which_ends_every_session_and_token_of_the_account() {
        Browser alice = new Browser(server);
        alice.login("alice");
        Browser api = new Browser(server);
        String access = json(api.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}")).path("access_token").asText();

        assertThat(code(admin.postJson("/v1/admin/accounts/alice/password", "{\"new_password\":\"alice\"}")))
                .isEqualTo("weak_password");
        HttpResponse<String> reset = admin.postJson("/v1/admin/accounts/alice/password",
                "{\"new_password\":\"a brand new passphrase\"}");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).path("revoked").asInt()).isEqualTo(2);
        assertThat(alice.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(api.send(api.request("/v1/verify").header("Authorization", "Bearer " + access).GET(), false)
                .statusCode()).isEqualTo(401);
        assertThat(alice.login("alice").statusCode()).isEqualTo(401);
        assertThat(alice.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"a brand new passphrase\"}")
                .statusCode()).isEqualTo(200);
        assertThat(reset.body()).doesNotContain("a brand new passphrase");
        assertThat(code(admin.postJson("/v1/admin/accounts/nobody/password", "{\"new_password\":\"a brand new passphrase\"}")))
                .isEqualTo("account_not_found");
    }

    @Test
    void an_admin_sets_the_roles_of_an_account_admin_included() {
        HttpResponse<String> set = admin.putJson("/v1/admin/accounts/alice/roles", "{\"roles\":[\"ops\",\"admin\"]}");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).path("roles").toString()).isEqualTo("[\"admin\",\"ops\"]");
        Browser alice = new Browser(server);
        alice.login("alice");
        assertThat(alice.get("/v1/admin/accounts").statusCode()).isEqualTo(200);

        assertThat(admin.putJson("/v1/admin/accounts/alice/roles", "{\"roles\":[]}").statusCode()).isEqualTo(200);
        assertThat(alice.get("/v1/admin/accounts").statusCode()).isEqualTo(403);
        assertThat(code(admin.putJson("/v1/admin/accounts/alice/roles", "{\"roles\":[\"a,b\"]}"))).isEqualTo("invalid_role");
        assertThat(code(admin.putJson("/v1/admin/accounts/alice/roles", "{}"))).isEqualTo("missing_field");
        assertThat(code(admin.putJson("/v1/admin/accounts/alice/roles", "{\"roles\":\"admin\"}"))).isEqualTo("invalid_field");
    }

    @Test
    void an_admin_can_neither_lock_themselves_nor_take_away_their_own_admin_role() {
        HttpResponse<String> lock = admin.post("/v1/admin/accounts/root/lock", null, "");
        HttpResponse<String> demote = admin.putJson("/v1/admin/accounts/ROOT/roles", "{\"roles\":[\"ops\"]}");

        assertThat(lock.statusCode()).isEqualTo(409);
        assertThat(code(lock)).isEqualTo("self_lockout");
        assertThat(code(demote)).isEqualTo("self_lockout");
        assertThat(server.gatehouse().accounts().get("root").locked()).isFalse();
        assertThat(server.gatehouse().accounts().get("root").isAdmin()).isTrue();
        assertThat(admin.putJson("/v1/admin/accounts/root/roles", "{\"roles\":[\"admin\",\"ops\"]}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_audit_log_is_filtered_by_account_type_and_time() {
        Browser alice = new Browser(server);
        alice.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong password\"}");
        server.clock.advance(java.time.Duration.ofMinutes(5));
        alice.login("alice");
        String aliceId = server.gatehouse().accounts().get("alice").id();

        JsonNode failures = json(admin.get("/v1/admin/audit?account=alice&type=sign_in_failed"));
        assertThat(failures.path("events")).hasSize(1);
        assertThat(failures.path("events").get(0).path("account_id").asText()).isEqualTo(aliceId);
        JsonNode both = json(admin.get("/v1/admin/audit?account=" + aliceId + "&type=sign_in_failed&type=sign_in_succeeded"));
        assertThat(both.path("events")).hasSize(2);
        assertThat(json(admin.get("/v1/admin/audit?account=alice&type=sign_in_failed,sign_in_succeeded"))
                .path("events")).hasSize(2);
        String later = TestServer.START.plusSeconds(60).toString();
        JsonNode recent = json(admin.get("/v1/admin/audit?account=alice&from=" + later));
        assertThat(recent.path("events")).extracting(e -> e.path("type").asText()).containsExactly("sign_in_succeeded");
        assertThat(json(admin.get("/v1/admin/audit?account=alice&to=" + later)).path("events"))
                .extracting(e -> e.path("type").asText()).contains("account_created", "sign_in_failed")
                .doesNotContain("sign_in_succeeded");

        JsonNode page = json(admin.get("/v1/admin/accounts/alice/events"));
        assertThat(page.path("events")).extracting(e -> e.path("type").asText())
                .containsExactly("sign_in_succeeded", "sign_in_failed");

        assertThat(code(admin.get("/v1/admin/audit?type=sign_in"))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/audit?from=yesterday"))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/audit?from=" + later + "&to=" + later))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/audit?cursor=abc"))).isEqualTo("invalid_parameter");
        assertThat(code(admin.get("/v1/admin/audit?account=nobody"))).isEqualTo("account_not_found");
    }

    @Test
    void every_admin_action_names_the_administrator_in_the_audit_log() {
        Browser alice = new Browser(server);
        alice.login("alice");
        admin.postJson("/v1/admin/accounts", "{\"username\":\"bob\",\"password\":\"a long passphrase\"}");
        admin.post("/v1/admin/accounts/bob/lock", null, "");
        admin.post("/v1/admin/accounts/bob/unlock", null, "");
        admin.postJson("/v1/admin/accounts/bob/password", "{\"new_password\":\"another long passphrase\"}");
        admin.putJson("/v1/admin/accounts/bob/roles", "{\"roles\":[\"ops\"]}");
        admin.delete("/v1/admin/accounts/alice/sessions");
        admin.postJson("/v1/admin/clients", "{\"id\":\"reports\",\"confidential\":true}");
        admin.delete("/v1/admin/clients/reports");
        admin.post("/v1/admin/keys/rotate", null, "");
        String rootId = server.gatehouse().accounts().get("root").id();

        JsonNode events = json(admin.get("/v1/admin/audit?type=account_created,account_locked,account_unlocked,"
                + "password_changed,roles_changed,sessions_revoked,client_created,client_deleted,signing_key_rotated"))
                .path("events");

        List<String> types = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("actor_id").asText().equals(rootId) && e.path("actor").asText().equals("root")) {
                types.add(e.path("type").asText());
            }
        });
        assertThat(types).containsExactlyInAnyOrder("account_created", "account_locked", "account_unlocked",
                "password_changed", "roles_changed", "sessions_revoked", "client_created", "client_deleted",
                "signing_key_rotated");
        // the accounts made for the test came from "the command line": named so, without an id
        assertThat(json(admin.get("/v1/admin/audit?account=alice&type=account_created")).path("events").get(0)
                .path("actor").asText()).isEqualTo("command-line");
    }

    @Test
    void an_admin_registers_lists_and_deletes_clients_and_sees_a_secret_once() {
        HttpResponse<String> created = admin.postJson("/v1/admin/clients",
                "{\"id\":\"reports\",\"confidential\":true,\"audiences\":[]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        String secret = json(created).path("secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(server.gatehouse().clients().authenticate("reports", secret).id()).isEqualTo("reports");
        assertThat(json(admin.postJson("/v1/admin/clients", "{\"id\":\"mobile\"}")).has("secret")).isFalse();

        HttpResponse<String> list = admin.get("/v1/admin/clients");
        assertThat(list.body()).doesNotContain(secret);
        assertThat(json(list).path("clients")).extracting(c -> c.path("id").asText() + " " + c.path("confidential"))
                .containsExactly("mobile false", "reports true");

        assertThat(admin.delete("/v1/admin/clients/reports").statusCode()).isEqualTo(204);
        assertThat(code(admin.delete("/v1/admin/clients/reports"))).isEqualTo("client_not_found");
        assertThat(code(admin.delete("/v1/admin/clients/web"))).isEqualTo("client_not_found");
        assertThat(code(admin.postJson("/v1/admin/clients", "{\"id\":\"web\"}"))).isEqualTo("invalid_client_id");
        assertThat(code(admin.postJson("/v1/admin/clients", "{\"id\":\"mobile\"}"))).isEqualTo("client_exists");
        assertThat(code(admin.postJson("/v1/admin/clients", "{\"id\":\"x\",\"audiences\":[null]}")))
                .isEqualTo("invalid_audience");
        assertThat(code(admin.postJson("/v1/admin/clients", "{\"id\":\"x\",\"audiences\":[\"elsewhere\"]}")))
                .isEqualTo("invalid_audience");
        assertThat(code(admin.postJson("/v1/admin/clients", "{\"id\":\"x\",\"secret\":\"mine\"}")))
                .isEqualTo("unknown_field");
        assertThat(json(admin.get("/v1/admin/clients")).path("clients")).hasSize(1);
    }

    @Test
    void the_sessions_of_a_deleted_public_client_end_at_their_next_refresh() {
        server.gatehouse().clients().create("mobile", null, Set.of());
        Browser app = new Browser(server);
        JsonNode grant = json(app.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"mobile\"}"));
        String refresh = grant.path("refresh_token").asText();

        admin.delete("/v1/admin/clients/mobile");
        HttpResponse<String> refused = app.postJson("/v1/refresh",
                "{\"refresh_token\":\"" + refresh + "\",\"client_id\":\"mobile\"}");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(code(refused)).isEqualTo("invalid_grant");
        assertThat(json(admin.get("/v1/admin/accounts/alice/sessions")).path("sessions")).isEmpty();
        assertThat(code(app.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"mobile\"}")))
                .isEqualTo("unknown_client");
    }

    @Test
    void an_admin_lists_signing_keys_with_their_state_and_rotates_them() {
        JsonNode before = json(admin.get("/v1/admin/keys")).path("keys");
        assertThat(before).extracting(k -> k.path("state").asText()).containsExactly("signing");
        assertThat(before.toString()).doesNotContain("\"d\"", "sealed");

        server.clock.advance(java.time.Duration.ofHours(1));
        admin.login("root"); // the session has idled out in the meantime
        HttpResponse<String> rotated = admin.post("/v1/admin/keys/rotate", null, "");
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(json(rotated).path("state").asText()).isEqualTo("published");

        JsonNode after = json(admin.get("/v1/admin/keys")).path("keys");
        assertThat(after).extracting(k -> k.path("state").asText()).containsExactly("signing", "published");
        assertThat(after.get(0).path("age_seconds").asLong()).isEqualTo(3600);

        server.clock.advance(server.settings().tokens().jwksCacheLifetime());
        admin.login("root");
        assertThat(json(admin.get("/v1/admin/keys")).path("keys")).extracting(k -> k.path("state").asText())
                .containsExactly("retired", "signing");
    }

    @Test
    void the_overview_counts_the_last_hours_sign_ins_and_failures_and_the_locked_accounts() {
        Browser alice = new Browser(server);
        alice.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong password\"}");
        alice.login("alice");
        admin.post("/v1/admin/accounts/alice/lock", null, "");

        JsonNode overview = json(admin.get("/v1/admin/overview"));

        assertThat(overview.path("last_hour").path("sign_ins").asLong()).isEqualTo(2); // root's and alice's
        assertThat(overview.path("last_hour").path("sign_in_failures").asLong()).isEqualTo(1);
        assertThat(overview.path("last_hour").path("refresh_reuse").asLong()).isZero();
        assertThat(overview.path("locked_accounts").asLong()).isEqualTo(1);
        assertThat(overview.path("keys")).extracting(k -> k.path("state").asText()).containsExactly("signing");

        server.clock.advance(java.time.Duration.ofMinutes(61));
        admin.login("root");
        JsonNode later = json(admin.get("/v1/admin/overview"));
        assertThat(later.path("last_hour").path("sign_ins").asLong()).isEqualTo(1); // this sign-in
        assertThat(later.path("last_hour").path("sign_in_failures").asLong()).isZero();
    }

    @Test
    void the_new_admin_endpoints_refuse_non_admins() {
        Browser alice = new Browser(server);
        alice.login("alice");
        for (HttpResponse<String> refused : List.of(alice.get("/v1/admin/overview"), alice.get("/v1/admin/keys"),
                alice.post("/v1/admin/keys/rotate", null, ""), alice.get("/v1/admin/clients"),
                alice.postJson("/v1/admin/clients", "{\"id\":\"x\"}"), alice.delete("/v1/admin/clients/x"),
                alice.postJson("/v1/admin/accounts/root/password", "{\"new_password\":\"a long passphrase\"}"),
                alice.putJson("/v1/admin/accounts/alice/roles", "{\"roles\":[\"admin\"]}"),
                alice.get("/v1/admin/accounts/root/events"))) {
            assertThat(refused.statusCode()).isEqualTo(403);
        }
        assertThat(server.gatehouse().accounts().get("alice").isAdmin()).isFalse();
    }

    @Test
    void an_admin_lists_an_accounts_second_factors_and_resets_them_in_their_own_name() {
        JsonNode none = json(admin.get("/v1/admin/accounts/alice/factors"));
        assertThat(none.path("totp").asBoolean()).isFalse();
        assertThat(none.path("recovery_codes_left").asInt()).isZero();
        assertThat(none.path("passkeys").isArray()).isTrue();
        StepUpPageTest.enrolTotp(server, "alice");
        JsonNode some = json(admin.get("/v1/admin/accounts/alice/factors"));
        assertThat(some.path("totp").asBoolean()).isTrue();
        assertThat(some.path("recovery_codes_left").asInt()).isEqualTo(10);
        assertThat(some.toString()).doesNotContain("secret");

        HttpResponse<String> reset = admin.delete("/v1/admin/accounts/alice/factors");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).path("removed").asInt()).isPositive();
        assertThat(json(admin.get("/v1/admin/accounts/alice/factors")).path("totp").asBoolean()).isFalse();
        AuditEvent event = server.gatehouse().auditTrail().search(AuditQuery.newest(1)
                .types(Set.of(AuditType.SECOND_FACTORS_RESET))).events().getFirst();
        assertThat(event.actorName()).isEqualTo("root");
        assertThat(event.username()).isEqualTo("alice");

        assertThat(code(admin.get("/v1/admin/accounts/nobody/factors"))).isEqualTo("account_not_found");
        Browser alice = new Browser(server);
        alice.login("alice");
        assertThat(alice.get("/v1/admin/accounts/alice/factors").statusCode()).isEqualTo(403);
        assertThat(alice.delete("/v1/admin/accounts/root/factors").statusCode()).isEqualTo(403);
    }
}
