package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.mfa.Base32;
import dev.gatehouse.core.mfa.Totp;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FactorsApiTest {

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
    void an_app_enrols_an_authenticator_over_json_and_gets_its_recovery_codes_once() {
        assertThat(json(browser.get("/v1/factors")).path("totp").asBoolean()).isFalse();

        JsonNode enrolment = json(browser.postJson("/v1/factors/totp", "{}"));
        String secret = enrolment.path("secret").asText();
        assertThat(enrolment.path("uri").asText()).startsWith("otpauth://totp/").contains("secret=" + secret);
        assertThat(code(browser.postJson("/v1/factors/totp/confirm", "{\"code\":\"000000x\"}"))).isEqualTo("invalid_code");

        HttpResponse<String> confirmed = browser.postJson("/v1/factors/totp/confirm", "{\"code\":\"" + currentCode(secret) + "\"}");

        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(json(confirmed).path("recovery_codes")).hasSize(10);
        JsonNode factors = json(browser.get("/v1/factors"));
        assertThat(factors.path("totp").asBoolean()).isTrue();
        assertThat(factors.path("recovery_codes_left").asInt()).isEqualTo(10);
        assertThat(code(browser.postJson("/v1/factors/totp", "{}"))).isEqualTo("factor_exists");
    }

    @Test
    void removing_the_app_or_replacing_the_codes_needs_a_recent_authentication() {
        String secret = json(browser.postJson("/v1/factors/totp", "{}")).path("secret").asText();
        browser.postJson("/v1/factors/totp/confirm", "{\"code\":\"" + currentCode(secret) + "\"}");
        server.clock.advance(server.settings().pages().reauthAfter().plus(Duration.ofSeconds(1)));

        HttpResponse<String> refused = browser.delete("/v1/factors/totp");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("step_up_required");
        assertThat(code(browser.postJson("/v1/factors/recovery-codes", "{}"))).isEqualTo("step_up_required");
        assertThat(json(browser.get("/v1/factors")).path("totp").asBoolean()).isTrue();

        Browser fresh = new Browser(server);
        String challenge = json(fresh.login("alice")).path("challenge").asText();
        server.clock.advance(Duration.ofSeconds(30));
        assertThat(fresh.postJson("/v1/login/mfa", "{\"challenge\":\"" + challenge + "\",\"factor\":\"totp\",\"code\":\""
                + currentCode(secret) + "\"}").statusCode()).isEqualTo(200);
        assertThat(json(fresh.postJson("/v1/factors/recovery-codes", "{}")).path("recovery_codes")).hasSize(10);
        assertThat(fresh.delete("/v1/factors/totp").statusCode()).isEqualTo(204);
        assertThat(json(fresh.get("/v1/factors")).path("totp").asBoolean()).isFalse();
    }

    @Test
    void changing_the_password_keeps_the_second_factor_the_session_proved() {
        String secret = json(browser.postJson("/v1/factors/totp", "{}")).path("secret").asText();
        browser.postJson("/v1/factors/totp/confirm", "{\"code\":\"" + currentCode(secret) + "\"}");
        Browser fresh = new Browser(server);
        String challenge = json(fresh.login("alice")).path("challenge").asText();
        server.clock.advance(Duration.ofSeconds(30));
        fresh.postJson("/v1/login/mfa", "{\"challenge\":\"" + challenge + "\",\"factor\":\"totp\",\"code\":\""
                + currentCode(secret) + "\"}");

        HttpResponse<String> changed = fresh.postJson("/v1/password", "{\"current_password\":\"" + TestServer.PASSWORD
                + "\",\"new_password\":\"a different long passphrase\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(fresh.get("/v1/me")).path("amr").toString()).contains("pwd", "otp", "mfa");
    }

    @Test
    void the_factor_api_wants_a_signed_in_caller() {
        Browser stranger = new Browser(server);
        assertThat(stranger.get("/v1/factors").statusCode()).isEqualTo(401);
        assertThat(stranger.postJson("/v1/factors/totp", "{}").statusCode()).isEqualTo(401);
        assertThat(code(browser.postJson("/v1/factors/totp/confirm", "{}"))).isEqualTo("missing_field");
    }

    private String currentCode(String secret) {
        return Totp.code(Base32.decode(secret), Totp.step(server.clock.instant()));
    }
}
