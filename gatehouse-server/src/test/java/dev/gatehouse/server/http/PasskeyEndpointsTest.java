package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.testsupport.SoftAuthenticator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The passkey API over HTTP, with a soft authenticator standing in for the browser's: register,
 * list, rename, remove, sign in without a password; and every bad answer refused with its code,
 * nothing stored.
 */
class PasskeyEndpointsTest {

    static final String RP_ID = "gatehouse.test";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser alice;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        server.createAccount("bob", false);
        alice = new Browser(server);
        alice.login("alice");
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** Registers a soft passkey to the browser's account; returns the authenticator. */
    SoftAuthenticator register(Browser browser, String name) {
        return register(browser, name, null);
    }

    /** As above; the answer's recovery codes go to {@code codes} when it is not null. */
    SoftAuthenticator register(Browser browser, String name, java.util.List<String> codes) {
        SoftAuthenticator authenticator = new SoftAuthenticator(RP_ID, TestServer.ORIGIN);
        JsonNode options = json(browser.postJson("/v1/passkeys/registration-options", ""));
        String credential = authenticator.register(options.path("public_key").path("challenge").asText(),
                options.path("public_key").path("user").path("id").asText());
        HttpResponse<String> created = browser.postJson("/v1/passkeys", "{\"state\":" + quoted(options.path("state").asText())
                + ",\"credential\":" + credential + ",\"name\":" + quoted(name) + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (codes != null) {
            json(created).path("recovery_codes").forEach(c -> codes.add(c.asText()));
        }
        return authenticator;
    }

    HttpResponse<String> signIn(Browser browser, SoftAuthenticator authenticator) {
        JsonNode options = json(browser.postJson("/v1/passkeys/sign-in-options", ""));
        return browser.postJson("/v1/passkeys/sign-in", "{\"state\":" + quoted(options.path("state").asText())
                + ",\"credential\":" + authenticator.authenticate(options.path("public_key").path("challenge").asText()) + "}");
    }

    HttpResponse<String> patch(Browser browser, String path, String json) {
        return browser.send(browser.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), true);
    }

    @Test
    void a_registered_passkey_signs_in_without_a_password_and_the_session_says_so() {
        SoftAuthenticator authenticator = register(alice, "Laptop");
        JsonNode listed = json(alice.get("/v1/passkeys")).path("passkeys");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(authenticator.credentialId());
        assertThat(listed.get(0).path("name").asText()).isEqualTo("Laptop");
        assertThat(listed.get(0).path("synced").asBoolean()).isFalse();

        Browser elsewhere = new Browser(server);
        HttpResponse<String> signedIn = signIn(elsewhere, authenticator);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(json(signedIn).path("account").path("username").asText()).isEqualTo("alice");
        String sessionId = json(signedIn).path("session_id").asText();
        Authentications proved = server.gatehouse().sessions().findActive(sessionId).orElseThrow().authentications();
        assumeFalse(proved.has(AuthMethod.PASSWORD) && !proved.has(AuthMethod.DEVICE_PASSKEY),
                "the SQL session store does not keep what a session proved yet (it reads every session as a password's)");
        assertThat(proved.amr()).contains("hwk");
        assertThat(elsewhere.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void the_first_passkey_comes_with_recovery_codes_once() {
        java.util.List<String> first = new java.util.ArrayList<>();
        java.util.List<String> second = new java.util.ArrayList<>();
        register(alice, "Laptop", first);
        register(alice, "Phone", second);

        assertThat(first).hasSize(10);
        assertThat(second).isEmpty();
        assertThat(json(alice.get("/v1/factors")).path("recovery_codes_left").asInt()).isEqualTo(10);
    }

    @Test
    void a_passkey_is_renamed_and_removed_by_its_owner_only_and_removing_needs_a_second_factor() {
        SoftAuthenticator laptop = register(alice, "Laptop");
        String id = laptop.credentialId();
        Browser bob = new Browser(server);
        bob.login("bob");
        assertThat(code(patch(bob, "/v1/passkeys/" + id, "{\"name\":\"Mine\"}"))).isEqualTo("passkey_not_found");
        assertThat(code(bob.delete("/v1/passkeys/" + id))).isEqualTo("passkey_not_found");
        assertThat(patch(alice, "/v1/passkeys/" + id, "{\"name\":\" Work laptop \"}").statusCode()).isEqualTo(204);
        assertThat(json(alice.get("/v1/passkeys")).path("passkeys").get(0).path("name").asText()).isEqualTo("Work laptop");
        assertThat(code(patch(alice, "/v1/passkeys/" + id, "{\"name\":\"" + "x".repeat(61) + "\"}"))).isEqualTo("invalid_field");
        assertThat(code(alice.delete("/v1/passkeys/" + id))).as("a session proved by the password alone")
                .isEqualTo("step_up_required");
        Browser withPasskey = new Browser(server);
        assertThat(signIn(withPasskey, laptop).statusCode()).isEqualTo(200);
        assertThat(withPasskey.delete("/v1/passkeys/" + id).statusCode()).isEqualTo(204);
        assertThat(json(alice.get("/v1/passkeys")).path("passkeys")).isEmpty();
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(10).types(Set.of(AuditType.SECOND_FACTOR_REMOVED))))
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("passkey Work laptop"));
    }

    @Test
    void registering_needs_a_signed_in_caller_from_our_own_origin() {
        assertThat(code(new Browser(server).postJson("/v1/passkeys/registration-options", ""))).isEqualTo("unauthenticated");
        alice.fetchSite = "cross-site";
        alice.origin = "https://evil.example";
        assertThat(code(alice.postJson("/v1/passkeys/registration-options", ""))).isEqualTo("csrf_rejected");
    }

    @Test
    void bad_answers_are_refused_with_their_codes_and_store_nothing() {
        SoftAuthenticator authenticator = new SoftAuthenticator(RP_ID, TestServer.ORIGIN);
        JsonNode options = json(alice.postJson("/v1/passkeys/registration-options", ""));
        String state = options.path("state").asText();
        String challenge = options.path("public_key").path("challenge").asText();
        String userId = options.path("public_key").path("user").path("id").asText();
        String good = authenticator.register(challenge, userId);

        assertThat(code(alice.postJson("/v1/passkeys", "{\"credential\":" + good + "}"))).isEqualTo("missing_field");
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":" + quoted(state) + "}"))).isEqualTo("missing_field");
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":" + quoted(state) + ",\"credential\":\"text\"}")))
                .isEqualTo("invalid_passkey_response");
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":" + quoted(state) + ",\"credential\":{\"id\":\"AAAA\"}}")))
                .isEqualTo("invalid_passkey_response");
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":\"forged\",\"credential\":" + good + "}")))
                .isEqualTo("invalid_challenge");
        String wrongOrigin = new SoftAuthenticator(RP_ID, "https://evil.example").register(challenge, userId);
        HttpResponse<String> refused = alice.postJson("/v1/passkeys", "{\"state\":" + quoted(state) + ",\"credential\":" + wrongOrigin + "}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(code(refused)).isEqualTo("passkey_refused");
        // the state was spent by that attempt: the good answer is now a replay
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":" + quoted(state) + ",\"credential\":" + good + "}")))
                .isEqualTo("invalid_challenge");

        Browser bob = new Browser(server);
        bob.login("bob");
        JsonNode bobs = json(bob.postJson("/v1/passkeys/registration-options", ""));
        String forBob = new SoftAuthenticator(RP_ID, TestServer.ORIGIN).register(
                bobs.path("public_key").path("challenge").asText(), bobs.path("public_key").path("user").path("id").asText());
        assertThat(code(alice.postJson("/v1/passkeys", "{\"state\":" + quoted(bobs.path("state").asText())
                + ",\"credential\":" + forBob + "}"))).isEqualTo("invalid_challenge");
        assertThat(json(alice.get("/v1/passkeys")).path("passkeys")).isEmpty();
        assertThat(json(bob.get("/v1/passkeys")).path("passkeys")).isEmpty();
    }

    @Test
    void a_sign_in_answer_is_single_use_and_a_clone_is_refused_and_audited() {
        SoftAuthenticator authenticator = register(alice, "Key");
        Browser device = new Browser(server);
        JsonNode options = json(device.postJson("/v1/passkeys/sign-in-options", ""));
        String body = "{\"state\":" + quoted(options.path("state").asText()) + ",\"credential\":"
                + authenticator.authenticate(options.path("public_key").path("challenge").asText()) + "}";
        assertThat(device.postJson("/v1/passkeys/sign-in", body).statusCode()).isEqualTo(200);
        assertThat(code(new Browser(server).postJson("/v1/passkeys/sign-in", body))).isEqualTo("invalid_challenge");

        authenticator.counter(0);
        HttpResponse<String> cloned = signIn(new Browser(server), authenticator);
        assertThat(code(cloned)).isEqualTo("passkey_refused");
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(10).types(Set.of(AuditType.PASSKEY_CLONE_SUSPECTED))))
                .hasSize(1);
    }

    @Test
    void a_passkey_sign_in_takes_the_transports_of_the_password_sign_in_and_refuses_a_locked_account() {
        SoftAuthenticator authenticator = register(alice, "Key");
        Browser app = new Browser(server);
        JsonNode tokenOptions = json(app.postJson("/v1/passkeys/sign-in-options", ""));
        HttpResponse<String> tokens = app.postJson("/v1/passkeys/sign-in", "{\"state\":" + quoted(tokenOptions.path("state").asText())
                + ",\"credential\":" + authenticator.authenticate(tokenOptions.path("public_key").path("challenge").asText())
                + ",\"transport\":\"token\"}");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens).path("access_token").asText()).isNotEmpty();
        assertThat(json(tokens).path("refresh_token").asText()).isNotEmpty();

        JsonNode options = json(new Browser(server).postJson("/v1/passkeys/sign-in-options", ""));
        assertThat(code(new Browser(server).postJson("/v1/passkeys/sign-in", "{\"state\":" + quoted(options.path("state").asText())
                + ",\"credential\":" + authenticator.authenticate(options.path("public_key").path("challenge").asText())
                + ",\"transport\":\"carrier-pigeon\"}"))).isEqualTo("unsupported_transport");

        server.gatehouse().accounts().lock("alice");
        assertThat(code(signIn(new Browser(server), authenticator))).isEqualTo("account_locked");
    }

    @Test
    void after_a_password_a_passkey_answers_the_second_step_and_the_session_proves_both() {
        SoftAuthenticator authenticator = register(alice, "Laptop");
        Browser phone = new Browser(server);

        HttpResponse<String> first = phone.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}");
        assertThat(code(first)).isEqualTo("mfa_required");
        assertThat(json(first).path("factors").toString()).contains("passkey");
        String challenge = json(first).path("challenge").asText();
        JsonNode options = json(phone.postJson("/v1/login/mfa/passkey-options", "{\"challenge\":" + quoted(challenge) + "}"));
        assertThat(options.path("public_key").path("allowCredentials").get(0).path("id").asText())
                .isEqualTo(authenticator.credentialId());
        String credential = authenticator.authenticate(options.path("public_key").path("challenge").asText());

        HttpResponse<String> otherState = phone.postJson("/v1/login/mfa", "{\"challenge\":" + quoted(challenge)
                + ",\"factor\":\"passkey\",\"state\":\"not-a-state\",\"credential\":" + credential + "}");
        assertThat(code(otherState)).isEqualTo("invalid_challenge");
        HttpResponse<String> done = phone.postJson("/v1/login/mfa", "{\"challenge\":" + quoted(challenge)
                + ",\"factor\":\"passkey\",\"state\":" + quoted(options.path("state").asText())
                + ",\"credential\":" + credential + "}");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        String access = json(done).path("access_token").asText();
        JsonNode claims = Responses.jwtClaims(access);
        assertThat(claims.path("amr").toString()).contains("pwd", "hwk", "mfa");
        assertThat(claims.path("acr").asText()).isEqualTo("2");
        assertThat(code(phone.postJson("/v1/login/mfa", "{\"challenge\":" + quoted(challenge)
                + ",\"factor\":\"passkey\",\"state\":" + quoted(options.path("state").asText())
                + ",\"credential\":" + credential + "}"))).isEqualTo("invalid_challenge");
    }
}
