package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static dev.gatehouse.server.http.Responses.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CookieSessionTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.SESSION_IDLE_TIMEOUT, "30m",
            Setting.SESSION_ABSOLUTE_TIMEOUT, "12h", Setting.SESSION_TOUCH_INTERVAL, "1m"));
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
    }

    @Test
    void signing_in_sets_a_host_only_secure_httponly_lax_cookie_and_stores_only_its_hash() {
        HttpResponse<String> login = browser.login("alice");

        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = setCookie(login, "__Host-gatehouse");
        assertThat(cookie).contains("Path=/", "Secure", "HttpOnly", "SameSite=Lax").doesNotContain("Domain");
        String token = browser.cookies.get("__Host-gatehouse");
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits
        assertThat(login.body()).doesNotContain(token);
        String sid = json(login).path("session_id").asText();
        var stored = server.gatehouse().sessions().listActive(json(login).path("account").path("id").asText(), null, 100).sessions();
        assertThat(stored).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(sid);
            assertThat(s.tokenHash()).isEqualTo(Secrets.sha256Hex(token)).isNotEqualTo(token);
        });
    }

    @Test
    void usernames_match_whatever_their_case_or_unicode_form() {
        assertThat(browser.login("ALICE").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).login("\uFF41lice").statusCode()).isEqualTo(200); // fullwidth a
    }

    @Test
    void me_and_verify_answer_for_a_signed_in_browser() {
        String sid = json(browser.login("alice")).path("session_id").asText();

        JsonNode me = json(browser.get("/v1/me"));
        assertThat(me.path("account").path("username").asText()).isEqualTo("alice");
        assertThat(me.path("session").path("id").asText()).isEqualTo(sid);

        HttpResponse<String> verify = browser.get("/v1/verify");
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.headers().firstValue("Remote-User")).hasValue("alice");
        assertThat(verify.headers().firstValue("Remote-Groups")).hasValue("");
        assertThat(verify.headers().firstValue("X-Gatehouse-Session")).hasValue(sid);
    }

    @Test
    void verify_sends_the_roles_as_remote_groups() {
        server.createAccount("root", true);
        browser.login("root");
        assertThat(browser.get("/v1/verify").headers().firstValue("Remote-Groups")).hasValue("admin");
    }

    @Test
    void anonymous_and_forged_cookies_are_401() {
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(browser.get("/v1/me").statusCode()).isEqualTo(401);
        browser.cookies.put("__Host-gatehouse", Secrets.randomToken(32));
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
        browser.cookies.put("__Host-gatehouse", "not a token");
        HttpResponse<String> me = browser.get("/v1/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(code(me)).isEqualTo("unauthenticated");
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        HttpResponse<String> wrong = browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong password\"}");
        HttpResponse<String> unknown = browser.postJson("/v1/login", "{\"username\":\"nobody\",\"password\":\"wrong password\"}");
        assertThat(wrong.statusCode()).isEqualTo(401).isEqualTo(unknown.statusCode());
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(browser.cookies).doesNotContainKey("__Host-gatehouse");
    }

    @Test
    void every_sign_in_gets_a_new_token_so_a_planted_one_is_worthless() {
        browser.cookies.put("__Host-gatehouse", "planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa");
        browser.login("alice");
        String first = browser.cookies.get("__Host-gatehouse");
        browser.login("alice");
        String second = browser.cookies.get("__Host-gatehouse");
        assertThat(first).isNotEqualTo("planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa").isNotEqualTo(second);
    }

    @Test
    void logout_ends_the_session_and_clears_the_cookie() {
        browser.login("alice");
        String token = browser.cookies.get("__Host-gatehouse");

        HttpResponse<String> logout = browser.post("/v1/logout", null, "");
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(setCookie(logout, "__Host-gatehouse")).contains("Max-Age=0");

        browser.cookies.put("__Host-gatehouse", token); // a copy kept by a thief
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void sessions_lists_mine_with_device_info_and_marks_the_current_one() {
        Browser phone = new Browser(server);
        phone.login("alice");
        String mine = json(browser.login("alice")).path("session_id").asText();

        JsonNode sessions = json(browser.get("/v1/sessions")).path("sessions");
        assertThat(sessions).hasSize(2);
        for (JsonNode s : sessions) {
            assertThat(s.path("current").asBoolean()).isEqualTo(s.path("id").asText().equals(mine));
            assertThat(s.path("user_agent").asText()).isEqualTo("GatehouseTestBrowser/1.0");
            assertThat(s.path("ip").asText()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void revoking_one_session_ends_only_that_one() {
        Browser phone = new Browser(server);
        String phoneSid = json(phone.login("alice")).path("session_id").asText();
        browser.login("alice");

        assertThat(browser.delete("/v1/sessions/" + phoneSid).statusCode()).isEqualTo(204);

        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(browser.delete("/v1/sessions/" + phoneSid).statusCode()).isEqualTo(404);
    }

    @Test
    void nobody_can_revoke_a_session_of_another_account() {
        server.createAccount("mallory", false);
        String aliceSid = json(browser.login("alice")).path("session_id").asText();
        Browser mallory = new Browser(server);
        mallory.login("mallory");

        HttpResponse<String> attempt = mallory.delete("/v1/sessions/" + aliceSid);

        assertThat(attempt.statusCode()).isEqualTo(404);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void signing_out_everywhere_ends_every_session_of_mine() {
        Browser phone = new Browser(server);
        phone.login("alice");
        browser.login("alice");

        HttpResponse<String> all = browser.delete("/v1/sessions");

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).path("revoked").asInt()).isEqualTo(2);
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void an_idle_session_ends_after_the_idle_timeout() {
        browser.login("alice");
        server.clock.advance(Duration.ofMinutes(29));
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(29)); // slid: 29 min since last use
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(31));
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void an_active_session_still_ends_at_the_absolute_timeout() {
        browser.login("alice");
        for (int i = 0; i < 47; i++) { // 47 × 15 min = 11 h 45 min, never idle
            server.clock.advance(Duration.ofMinutes(15));
            assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(15));
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
    }

    @Test
    void last_used_is_written_at_most_once_per_touch_interval() {
        String account = json(browser.login("alice")).path("account").path("id").asText();
        var start = server.gatehouse().sessions().listActive(account, null, 100).sessions().getFirst().lastUsedAt();

        server.clock.advance(Duration.ofSeconds(30));
        browser.get("/v1/verify");
        assertThat(server.gatehouse().sessions().listActive(account, null, 100).sessions().getFirst().lastUsedAt()).isEqualTo(start);

        server.clock.advance(Duration.ofSeconds(31));
        browser.get("/v1/verify");
        assertThat(server.gatehouse().sessions().listActive(account, null, 100).sessions().getFirst().lastUsedAt())
                .isEqualTo(start.plusSeconds(61));
    }

    @Test
    void locking_an_account_ends_its_sessions_and_refuses_sign_in() {
        browser.login("alice");
        server.gatehouse().accounts().lock("alice");

        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(401);
        HttpResponse<String> again = new Browser(server).login("alice");
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(code(again)).isEqualTo("account_locked");
    }

    @Test
    void a_cookie_issued_before_a_restart_still_works_after_it() {
        browser.login("alice");
        server.restart();
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(json(browser.get("/v1/me")).path("account").path("username").asText()).isEqualTo("alice");
    }
}
