package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenTransportTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser client;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        client = new Browser(server);
        client.fetchSite = null;
        client.origin = null;
    }

    JsonNode tokenLogin(String extra) {
        HttpResponse<String> r = client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    HttpResponse<String> refresh(String refreshToken) {
        return client.postJson("/v1/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    HttpResponse<String> withBearer(String path, String token) {
        return client.send(client.request(path).header("Authorization", "Bearer " + token).GET(), false);
    }

    static JsonNode part(String jwt, int index) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    @Test
    void a_token_login_answers_an_rfc_9068_access_token_and_a_refresh_token() throws Exception {
        JsonNode body = tokenLogin(",\"scope\":\"read write\"");

        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(600);
        assertThat(body.path("refresh_token").asText()).matches("[A-Za-z0-9_-]{43}");
        String jwt = body.path("access_token").asText();
        JsonNode header = part(jwt, 0);
        assertThat(header.path("typ").asText()).isEqualTo("at+jwt");
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("kid").asText()).isNotEmpty();
        JsonNode claims = part(jwt, 1);
        assertThat(claims.path("iss").asText()).isEqualTo(TestServer.ORIGIN);
        assertThat(claims.path("aud").asText()).isEqualTo("api");
        assertThat(claims.path("client_id").asText()).isEqualTo("web");
        assertThat(claims.path("sid").asText()).isEqualTo(body.path("session_id").asText());
        assertThat(claims.path("scope").asText()).isEqualTo("read write");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600);
        assertThat(claims.path("jti").asText()).isNotEmpty();
        assertThat(claims.path("sub").asText()).isEqualTo(server.gatehouse().accounts().get("alice").id());
    }

    @Test
    void me_and_verify_accept_the_bearer_token_and_the_session_is_listed_like_any_other() {
        JsonNode body = tokenLogin(",\"audience\":\"gatehouse\"");
        String access = body.path("access_token").asText();

        assertThat(json(withBearer("/v1/me", access)).path("account").path("username").asText()).isEqualTo("alice");
        HttpResponse<String> verify = withBearer("/v1/verify", access);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.headers().firstValue("X-Gatehouse-Session")).hasValue(body.path("session_id").asText());

        Browser web = new Browser(server);
        web.login("alice");
        JsonNode sessions = json(web.get("/v1/sessions")).path("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.toString()).contains(body.path("session_id").asText());
    }

    @Test
    void a_token_for_a_resource_server_cannot_read_or_end_the_accounts_sessions() {
        server.gatehouse().clients().create("reports-app", null, Set.of());
        JsonNode body = tokenLogin(",\"client_id\":\"reports-app\",\"scope\":\"reports:read\"");
        String access = body.path("access_token").asText();
        Browser web = new Browser(server);
        web.login("alice");

        for (HttpRequest.Builder request : List.of(client.request("/v1/sessions").GET(),
                client.request("/v1/sessions").DELETE(), client.request("/v1/me").GET(),
                client.request("/v1/logout").POST(HttpRequest.BodyPublishers.noBody()),
                client.request("/v1/password").header("Content-Type", "application/json").POST(
                        HttpRequest.BodyPublishers.ofString("{\"current_password\":\"x\",\"new_password\":\"y\"}")))) {
            HttpResponse<String> refused = client.send(request.header("Authorization", "Bearer " + access), false);
            assertThat(refused.statusCode()).as(request.build().uri().toString()).isEqualTo(403);
            assertThat(Responses.code(refused)).isEqualTo("wrong_audience");
        }
        Browser forger = new Browser(server);
        forger.cookies.put("__Host-gatehouse-access", access);
        assertThat(forger.delete("/v1/sessions").statusCode()).isEqualTo(403);

        assertThat(web.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(withBearer("/v1/verify", access).statusCode()).isEqualTo(200);
        assertThat(server.gatehouse().sessions().listActive(server.gatehouse().accounts().get("alice").id(), null, 100).sessions()).hasSize(2);
    }

    @Test
    void the_account_audience_is_refused_to_a_client_restricted_to_other_audiences() {
        server.gatehouse().clients().create("billing-app", null, Set.of("api"));
        HttpResponse<String> refused = client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"billing-app\","
                + "\"audience\":\"gatehouse\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Responses.code(refused)).isEqualTo("invalid_audience");
    }

    @Test
    void revoking_a_token_session_from_my_devices_refuses_its_access_token_at_once() {
        JsonNode body = tokenLogin("");
        Browser web = new Browser(server);
        web.login("alice");

        assertThat(web.delete("/v1/sessions/" + body.path("session_id").asText()).statusCode()).isEqualTo(204);

        assertThat(withBearer("/v1/verify", body.path("access_token").asText()).statusCode()).isEqualTo(401);
        assertThat(code(refresh(body.path("refresh_token").asText()))).isEqualTo("invalid_grant");
    }

    @Test
    void a_refresh_rotates_both_tokens() {
        JsonNode first = tokenLogin("");
        HttpResponse<String> r = refresh(first.path("refresh_token").asText());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode second = json(r);
        assertThat(second.path("refresh_token").asText()).isNotEqualTo(first.path("refresh_token").asText());
        assertThat(second.path("access_token").asText()).isNotEqualTo(first.path("access_token").asText());
        assertThat(second.path("session_id").asText()).isEqualTo(first.path("session_id").asText());
        assertThat(refresh(second.path("refresh_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void the_previous_refresh_token_within_the_grace_window_gets_the_same_new_token() {
        JsonNode first = tokenLogin("");
        String old = first.path("refresh_token").asText();
        String next = json(refresh(old)).path("refresh_token").asText();

        server.clock.advance(Duration.ofSeconds(9));
        JsonNode replay = json(refresh(old));

        assertThat(replay.path("refresh_token").asText()).isEqualTo(next);
        assertThat(withBearer("/v1/verify", replay.path("access_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void many_tabs_refreshing_with_the_same_token_at_once_all_get_the_same_new_token_and_stay_signed_in() throws Exception {
        String refreshToken = tokenLogin("").path("refresh_token").asText();
        int tabs = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(tabs)) {
            for (int i = 0; i < tabs; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return refresh(refreshToken);
                }));
            }
            go.countDown();
            List<String> issued = new ArrayList<>();
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                issued.add(json(r).path("refresh_token").asText());
                assertThat(withBearer("/v1/verify", json(r).path("access_token").asText()).statusCode()).isEqualTo(200);
            }
            assertThat(issued).containsOnly(issued.getFirst());
            assertThat(refresh(issued.getFirst()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void reuse_after_the_window_revokes_the_session_and_its_access_token_is_refused_before_it_expires() {
        JsonNode first = tokenLogin("");
        String old = first.path("refresh_token").asText();
        JsonNode second = json(refresh(old));

        server.clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> reuse = refresh(old);

        assertThat(reuse.statusCode()).isEqualTo(401);
        assertThat(code(reuse)).isEqualTo("invalid_grant");
        String access = second.path("access_token").asText();
        assertThat(withBearer("/v1/verify", access).statusCode()).isEqualTo(401);
        assertThat(code(refresh(second.path("refresh_token").asText()))).isEqualTo("invalid_grant");
        assertThat(server.gatehouse().audit().list(Long.MAX_VALUE, 100))
                .anySatisfy(e -> assertThat(e.type().name()).isEqualTo("REFRESH_REUSE_DETECTED"));
        assertThat(server.gatehouse().revocations().after(0, 100))
                .anySatisfy(r -> assertThat(r.id()).isEqualTo(first.path("session_id").asText()));
    }

    @Test
    void an_older_token_is_reuse_even_inside_the_window() {
        String t0 = tokenLogin("").path("refresh_token").asText();
        String t1 = json(refresh(t0)).path("refresh_token").asText();
        String t2 = json(refresh(t1)).path("refresh_token").asText();

        assertThat(code(refresh(t0))).isEqualTo("invalid_grant");
        assertThat(code(refresh(t2))).isEqualTo("invalid_grant");
    }

    @Test
    void sign_out_everywhere_refuses_every_outstanding_access_token_of_the_account() {
        String a = tokenLogin("").path("access_token").asText();
        String b = tokenLogin("").path("access_token").asText();
        Browser web = new Browser(server);
        web.login("alice");

        web.delete("/v1/sessions");

        assertThat(withBearer("/v1/verify", a).statusCode()).isEqualTo(401);
        assertThat(withBearer("/v1/verify", b).statusCode()).isEqualTo(401);
        assertThat(server.gatehouse().revocations().after(0, 100))
                .anySatisfy(r -> assertThat(r.kind().wireName()).isEqualTo("account"));
    }

    @Test
    void spa_mode_puts_both_tokens_in_httponly_cookies_and_none_in_the_body() {
        Browser spa = new Browser(server);
        HttpResponse<String> login = spa.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token-cookie\",\"audience\":\"gatehouse\"}");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(json(login).has("access_token")).isFalse();
        assertThat(json(login).has("refresh_token")).isFalse();
        assertThat(Responses.setCookie(login, "__Host-gatehouse-access"))
                .contains("Path=/;", "Secure", "HttpOnly", "SameSite=Strict");
        assertThat(Responses.setCookie(login, "__Secure-gatehouse-refresh"))
                .contains("Path=/v1/refresh;", "Secure", "HttpOnly", "SameSite=Strict");
        assertThat(spa.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(json(spa.get("/v1/me")).path("account").path("username").asText()).isEqualTo("alice");
    }

    @Test
    void a_browser_holds_the_cookies_of_one_transport_so_an_ended_session_never_hides_new_tokens() {
        Browser spa = new Browser(server);
        spa.login("alice");
        String sessionId = json(spa.get("/v1/me")).path("session").path("id").asText();
        server.gatehouse().sessions().revoke(server.gatehouse().sessions().findActive(sessionId).orElseThrow(),
                dev.gatehouse.core.session.RevokeReason.SIGN_OUT);

        spa.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token-cookie\",\"audience\":\"gatehouse\"}");

        assertThat(spa.cookies).doesNotContainKey("__Host-gatehouse").containsKey("__Host-gatehouse-access");
        assertThat(spa.get("/v1/me").statusCode()).isEqualTo(200);

        spa.login("alice");
        assertThat(spa.cookies).containsKey("__Host-gatehouse")
                .doesNotContainKeys("__Host-gatehouse-access", "__Secure-gatehouse-refresh");
    }

    @Test
    void a_spa_refresh_needs_its_custom_header() {
        Browser spa = new Browser(server);
        spa.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token-cookie\"}");
        String before = spa.cookies.get("__Secure-gatehouse-refresh");

        HttpResponse<String> forged = spa.post("/v1/refresh", null, "");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(code(forged)).isEqualTo("csrf_rejected");

        HttpResponse<String> ok = spa.send(spa.request("/v1/refresh").header("X-Gatehouse-Refresh", "1")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()), true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(spa.cookies.get("__Secure-gatehouse-refresh")).isNotEqualTo(before);
        assertThat(spa.get("/v1/verify").statusCode()).isEqualTo(200);
    }

    @Test
    void an_audience_must_be_configured_and_allowed() {
        HttpResponse<String> r = client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"audience\":\"billing\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("invalid_audience");
        HttpResponse<String> unknownClient = client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"nope\"}");
        assertThat(code(unknownClient)).isEqualTo("unknown_client");
    }

    @Test
    void bad_refresh_input_is_refused_with_a_code() {
        assertThat(code(client.postJson("/v1/refresh", "{}"))).isEqualTo("missing_field");
        assertThat(code(client.postJson("/v1/refresh", "{\"refresh_token\":\"x\",\"extra\":1}"))).isEqualTo("unknown_field");
        assertThat(code(client.postJson("/v1/refresh", "{\"refresh_token\":\"garbage\"}"))).isEqualTo("invalid_grant");
        assertThat(code(client.post("/v1/refresh", null, ""))).isEqualTo("missing_body");
        assertThat(code(client.post("/v1/refresh", "text/plain", "abc"))).isEqualTo("unsupported_media_type");
    }

    @Test
    void a_forged_or_malformed_bearer_token_is_401_and_no_cookie_rescues_it() {
        Browser web = new Browser(server);
        assertThat(web.login("alice").statusCode()).isEqualTo(200);
        String jwt = tokenLogin("").path("access_token").asText();
        String forged = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(web.send(web.request("/v1/verify").header("Authorization", "Bearer " + forged).GET(), false)
                .statusCode()).isEqualTo(401);
        assertThat(withBearer("/v1/me", "not.a.jwt").statusCode()).isEqualTo(401);
    }
}
