package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JSON sign-in in two steps: password, then a code, over the cookie and token transports. */
class TwoStepSignInTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser client;
    AuthenticatorApp app;
    List<String> recoveryCodes;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        server.createAccount("bob", false);
        Account alice = server.gatehouse().accounts().get("alice");
        TotpEnrolment enrolment = server.gatehouse().secondFactors().startTotp(alice);
        app = new AuthenticatorApp(enrolment.secret());
        recoveryCodes = server.gatehouse().secondFactors().confirmTotp(alice, app.code(server.clock.instant()));
        server.clock.advance(Duration.ofSeconds(30)); // the confirming code is spent; the next step's is fresh
        client = new Browser(server);
        client.fetchSite = null;
        client.origin = null;
    }

    HttpResponse<String> password(String username, String extra) {
        return client.postJson("/v1/login", "{\"username\":\"" + username + "\",\"password\":\"" + TestServer.PASSWORD
                + "\"" + extra + "}");
    }

    String challenge(String extra) {
        HttpResponse<String> r = password("alice", extra);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(code(r)).isEqualTo("mfa_required");
        return json(r).path("challenge").asText();
    }

    HttpResponse<String> answer(String challenge, String factor, String code) {
        return client.postJson("/v1/login/mfa", "{\"challenge\":\"" + challenge + "\",\"factor\":\"" + factor
                + "\",\"code\":\"" + code + "\"}");
    }

    String now() {
        return app.code(server.clock.instant());
    }

    /**
     * What a stored session proved, as the store gives it back. Skipped visibly while the session
     * stores do not keep it yet (the SQL column arrives with the change that puts amr in tokens).
     */
    Authentications proved(String sessionId) {
        Account bob = server.gatehouse().accounts().get("bob");
        Authentications probe = Authentications.of(AuthMethod.PASSWORD, server.clock.instant())
                .plus(AuthMethod.TOTP, server.clock.instant());
        Session written = server.gatehouse().sessions().start(bob, "web", null, probe).session();
        assumeTrue(server.gatehouse().sessions().findActive(written.id()).orElseThrow().authentications().equals(probe),
                "the session store does not keep what a session proved yet (the amr change adds it)");
        return server.gatehouse().sessions().findActive(sessionId).orElseThrow().authentications();
    }

    @Test
    void a_right_password_of_an_account_with_an_app_answers_a_challenge_and_no_session() {
        HttpResponse<String> r = password("alice", "");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = json(r);
        assertThat(body.path("code").asText()).isEqualTo("mfa_required");
        assertThat(body.path("challenge").asText()).matches("[A-Za-z0-9_-]{100,}");
        assertThat(body.path("factors").toString()).isEqualTo("[\"totp\",\"recovery_code\"]");
        assertThat(Instant.parse(body.path("expires_at").asText())).isEqualTo(server.clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(client.cookies).isEmpty();
    }

    @Test
    void the_cookie_transport_completes_with_a_code_and_the_session_proves_password_and_otp() {
        Instant passwordAt = server.clock.instant();
        String challenge = challenge("");
        server.clock.advance(Duration.ofSeconds(20));

        HttpResponse<String> done = answer(challenge, "totp", now());

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json(done).path("account").path("username").asText()).isEqualTo("alice");
        assertThat(client.cookies).containsKey("__Host-gatehouse");
        Authentications proof = proved(json(done).path("session_id").asText());
        assertThat(proof.times()).containsEntry(AuthMethod.PASSWORD, passwordAt)
                .containsEntry(AuthMethod.TOTP, server.clock.instant());
        assertThat(proof.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(proof.acr()).isEqualTo("2");
        assertThat(client.get("/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void the_token_transport_completes_with_a_code_and_answers_tokens_of_a_two_factor_session() throws Exception {
        String challenge = challenge(",\"transport\":\"token\",\"scope\":\"read\"");

        HttpResponse<String> done = answer(challenge, "totp", now());

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode body = json(done);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("refresh_token").asText()).matches("[A-Za-z0-9_-]{43}");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(
                body.path("access_token").asText().split("\\.")[1]));
        assertThat(claims.path("scope").asText()).isEqualTo("read");
        assertThat(claims.path("aud").asText()).isEqualTo("api");
        assertThat(client.cookies).isEmpty();
        if (claims.has("amr")) { // once access tokens carry what the session proved
            assertThat(claims.path("amr").toString()).contains("\"otp\"", "\"mfa\"");
        }
        assertThat(proved(claims.path("sid").asText()).amr()).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void a_recovery_code_completes_a_sign_in_once() {
        HttpResponse<String> done = answer(challenge(""), "recovery_code", recoveryCodes.get(0));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(server.gatehouse().secondFactors().summary(server.gatehouse().accounts().get("alice").id())
                .recoveryCodesLeft()).isEqualTo(recoveryCodes.size() - 1);

        HttpResponse<String> again = answer(challenge(""), "recovery_code", recoveryCodes.get(0));
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(code(again)).isEqualTo("invalid_code");
        assertThat(proved(json(done).path("session_id").asText()).has(AuthMethod.RECOVERY_CODE)).isTrue();
    }

    @Test
    void a_replayed_code_is_refused() {
        String code = now();
        assertThat(answer(challenge(""), "totp", code).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = answer(challenge(""), "totp", code);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(code(replay)).isEqualTo("invalid_code");
    }

    @Test
    void a_challenge_completes_one_sign_in_only() {
        String challenge = challenge("");
        assertThat(answer(challenge, "totp", now()).statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(30));

        HttpResponse<String> again = answer(challenge, "totp", now());

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(code(again)).isEqualTo("invalid_challenge");
    }

    @Test
    void an_expired_challenge_is_refused() {
        String challenge = challenge("");
        server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        HttpResponse<String> late = answer(challenge, "totp", now());

        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(code(late)).isEqualTo("invalid_challenge");
    }

    @Test
    void a_tampered_or_made_up_challenge_is_refused() {
        String challenge = challenge("");
        char[] chars = challenge.toCharArray();
        chars[40] = chars[40] == 'A' ? 'B' : 'A';

        for (String forged : List.of(new String(chars), "nonsense", "a".repeat(5000), "!!!")) {
            HttpResponse<String> r = answer(forged, "totp", now());
            assertThat(r.statusCode()).as(forged.length() + " characters").isEqualTo(401);
            assertThat(code(r)).isEqualTo("invalid_challenge");
        }
        assertThat(answer(challenge, "totp", now()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_code_for_a_factor_the_account_does_not_have_is_refused_as_not_enrolled() {
        String challenge = challenge("");
        server.gatehouse().secondFactors().removeTotp(server.gatehouse().accounts().get("alice"));

        HttpResponse<String> r = answer(challenge, "totp", now());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("factor_not_enrolled");
    }

    @Test
    void five_wrong_codes_say_how_many_tries_remain_and_the_sixth_answer_finds_the_challenge_dead() {
        String challenge = challenge("");
        String wrong = app.wrongCode(server.clock.instant());
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> r = answer(challenge, "totp", wrong);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(code(r)).isEqualTo("invalid_code");
            assertThat(json(r).path("tries_left").asInt()).isEqualTo(5 - i);
        }

        HttpResponse<String> sixth = answer(challenge, "totp", now());

        assertThat(sixth.statusCode()).isEqualTo(401);
        assertThat(code(sixth)).isEqualTo("invalid_challenge");
    }

    @Test
    void bad_answers_get_clear_errors() {
        String challenge = challenge("");
        assertThat(code(answer(challenge, "sms", "123456"))).isEqualTo("invalid_field");
        assertThat(code(client.postJson("/v1/login/mfa", "{\"factor\":\"totp\",\"code\":\"1\"}"))).isEqualTo("missing_field");
        assertThat(code(client.postJson("/v1/login/mfa", "{\"challenge\":\"" + challenge + "\",\"factor\":\"totp\"}")))
                .isEqualTo("missing_field");
        assertThat(code(answer(challenge, "totp", "1".repeat(100)))).isEqualTo("invalid_field");
        assertThat(answer(challenge, "totp", now()).statusCode()).isEqualTo(200);
    }

    @Test
    void an_account_without_a_second_factor_signs_in_in_one_step_as_before() {
        HttpResponse<String> r = password("bob", "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.gatehouse().sessions().findActive(json(r).path("session_id").asText())).isPresent();
    }
}
