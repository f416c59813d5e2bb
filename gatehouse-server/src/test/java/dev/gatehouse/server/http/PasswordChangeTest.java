package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PasswordChangeTest {

    private static final String NEW_PASSWORD = "an entirely new passphrase";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        browser = new Browser(server);
        browser.login("alice");
    }

    @Test
    void changing_the_password_ends_every_other_session_and_token_and_renews_mine() {
        Browser phone = new Browser(server);
        phone.login("alice");
        Browser api = new Browser(server);
        String access = json(api.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token\"}")).path("access_token").asText();
        String before = browser.cookies.get("__Host-gatehouse");

        HttpResponse<String> changed = browser.postJson("/v1/password",
                "{\"current_password\":\"" + TestServer.PASSWORD + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(browser.cookies.get("__Host-gatehouse")).isNotEqualTo(before);
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(401);
        assertThat(api.send(api.request("/v1/verify").header("Authorization", "Bearer " + access).GET(), false)
                .statusCode()).isEqualTo(401);
        assertThat(new Browser(server).login("alice").statusCode()).isEqualTo(401);
        assertThat(new Browser(server).postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + NEW_PASSWORD + "\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
        Browser phone = new Browser(server);
        phone.login("alice");
        String cookie = browser.cookies.get("__Host-gatehouse");

        HttpResponse<String> wrong = browser.postJson("/v1/password",
                "{\"current_password\":\"not it at all\",\"new_password\":\"" + NEW_PASSWORD + "\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(code(wrong)).isEqualTo("invalid_credentials");
        HttpResponse<String> weak = browser.postJson("/v1/password",
                "{\"current_password\":\"" + TestServer.PASSWORD + "\",\"new_password\":\"password1\"}");
        assertThat(code(weak)).isEqualTo("weak_password");
        assertThat(code(browser.postJson("/v1/password", "{\"new_password\":\"x\"}"))).isEqualTo("missing_field");
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(browser.cookies.get("__Host-gatehouse")).isEqualTo(cookie);
        assertThat(phone.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + NEW_PASSWORD + "\"}")
                .statusCode()).isEqualTo(401);
        assertThat(new Browser(server).login("alice").statusCode()).isEqualTo(200);
    }

    @Test
    void guessing_the_current_password_is_throttled_like_a_sign_in() {
        int limit = server.settings().signInLimits().perAccountAndAddress();
        for (int i = 0; i < limit; i++) {
            assertThat(browser.postJson("/v1/password", "{\"current_password\":\"guess number " + i
                    + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = browser.postJson("/v1/password",
                "{\"current_password\":\"" + TestServer.PASSWORD + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(code(refused)).isEqualTo("too_many_attempts");
        assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
    }
}
