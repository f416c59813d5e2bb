package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 6749 §6 refresh, RFC 7662 introspection, RFC 7009 revocation, RFC 8414 metadata, JWKS. */
class OAuthEndpointsTest {

    private static final String SECRET = "a-resource-server-secret-of-enough-length-0123";

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.TOKENS_AUDIENCES, "api,billing"));
    Browser client;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        server.gatehouse().clients().create("orders", SECRET, Set.of());
        client = new Browser(server);
        client.fetchSite = null;
        client.origin = null;
    }

    JsonNode tokenLogin() {
        return json(client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token\"}"));
    }

    HttpResponse<String> form(String path, String body, String authorization) {
        HttpRequest.Builder b = client.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b, true);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> introspect(String token) {
        return form("/oauth2/introspect", "token=" + enc(token), basic("orders", SECRET));
    }

    @Test
    void the_token_endpoint_refreshes_in_the_oauth_format() {
        JsonNode login = tokenLogin();
        HttpResponse<String> r = form("/oauth2/token", "grant_type=refresh_token&client_id=web&refresh_token="
                + enc(login.path("refresh_token").asText()), null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(r);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(600);
        assertThat(body.path("refresh_token").asText()).isNotEqualTo(login.path("refresh_token").asText());
    }

    @Test
    void the_token_endpoint_answers_errors_in_the_oauth_format() {
        HttpResponse<String> unsupported = form("/oauth2/token", "grant_type=password&username=a&password=b", null);
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(json(unsupported).path("error").asText()).isEqualTo("unsupported_grant_type");

        assertThat(json(form("/oauth2/token", "grant_type=refresh_token", null)).path("error").asText())
                .isEqualTo("invalid_request");
        assertThat(json(form("/oauth2/token", "grant_type=refresh_token&refresh_token=nope", null)).path("error").asText())
                .isEqualTo("invalid_grant");
        assertThat(json(form("/oauth2/token", "grant_type=refresh_token&grant_type=refresh_token&refresh_token=x", null))
                .path("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> json = client.postJson("/oauth2/token", "{\"grant_type\":\"refresh_token\"}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json(json).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_refresh_token_of_another_client_is_invalid_grant_and_does_not_rotate() {
        JsonNode login = tokenLogin();
        String refresh = login.path("refresh_token").asText();
        assertThat(json(form("/oauth2/token", "grant_type=refresh_token&refresh_token=" + enc(refresh), basic("orders", SECRET)))
                .path("error").asText()).isEqualTo("invalid_grant");
        // past the grace window, a token that had been rotated would now be a reuse
        server.clock.advance(Duration.ofSeconds(11));
        assertThat(form("/oauth2/token", "grant_type=refresh_token&refresh_token=" + enc(refresh), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_client_that_names_itself_must_be_what_it_claims() {
        String refresh = tokenLogin().path("refresh_token").asText();
        HttpResponse<String> wrongSecret = form("/oauth2/token", "grant_type=refresh_token&refresh_token=" + enc(refresh),
                basic("orders", "not the secret"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret).path("error").asText()).isEqualTo("invalid_client");
        assertThat(form("/oauth2/token", "grant_type=refresh_token&client_id=nobody&refresh_token=" + enc(refresh), null)
                .statusCode()).isEqualTo(401);
        // a confidential client cannot be named without its secret
        assertThat(form("/oauth2/token", "grant_type=refresh_token&client_id=orders&refresh_token=" + enc(refresh), null)
                .statusCode()).isEqualTo(401);
        server.clock.advance(Duration.ofSeconds(11)); // none of the refused attempts rotated the lineage
        assertThat(form("/oauth2/token", "grant_type=refresh_token&client_id=web&refresh_token=" + enc(refresh), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void introspection_answers_an_active_token_with_its_claims() {
        JsonNode login = tokenLogin();
        JsonNode body = json(introspect(login.path("access_token").asText()));

        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("username").asText()).isEqualTo("alice");
        assertThat(body.path("client_id").asText()).isEqualTo("web");
        assertThat(body.path("sid").asText()).isEqualTo(login.path("session_id").asText());
        assertThat(body.path("aud").asText()).isEqualTo("api");
        assertThat(body.path("iss").asText()).isEqualTo(TestServer.ORIGIN);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.has("exp") && body.has("iat") && body.has("sub") && body.has("jti")).isTrue();
    }

    @Test
    void introspection_says_what_the_tokens_session_proved() {
        JsonNode login = tokenLogin();
        JsonNode body = json(introspect(login.path("access_token").asText()));

        assertThat(body.path("amr").toString()).isEqualTo("[\"pwd\"]");
        assertThat(body.path("acr").asText()).isEqualTo("1");
        assertThat(body.path("auth_time").asLong()).isEqualTo(server.clock.instant().getEpochSecond());
    }

    @Test
    void introspection_of_a_token_of_a_two_factor_session_says_mfa_and_the_time_of_the_second_factor() {
        Instant password = server.clock.instant();
        server.clock.advance(Duration.ofSeconds(20));
        Authentications proof = Authentications.of(AuthMethod.PASSWORD, password)
                .plus(AuthMethod.TOTP, server.clock.instant());
        Tokens.TokenGrant grant = server.gatehouse().tokens().start(server.gatehouse().accounts().get("alice"),
                server.gatehouse().clients().findPublic("web").orElseThrow(), "api", null, Device.UNKNOWN, proof);

        JsonNode body = json(introspect(grant.access().token()));

        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\",\"mfa\"]");
        assertThat(body.path("acr").asText()).isEqualTo("2");
        assertThat(body.path("auth_time").asLong()).isEqualTo(server.clock.instant().getEpochSecond());
    }

    @Test
    void a_refreshed_access_token_carries_the_sessions_proof_again() throws Exception {
        Authentications proof = Authentications.of(AuthMethod.PASSWORD, server.clock.instant())
                .plus(AuthMethod.DEVICE_PASSKEY, server.clock.instant());
        Tokens.TokenGrant grant = server.gatehouse().tokens().start(server.gatehouse().accounts().get("alice"),
                server.gatehouse().clients().findPublic("web").orElseThrow(), "api", null, Device.UNKNOWN, proof);
        server.clock.advance(Duration.ofMinutes(3));

        JsonNode refreshed = json(form("/oauth2/token", "grant_type=refresh_token&client_id=web&refresh_token="
                + enc(grant.refreshToken()), null));

        var claims = com.nimbusds.jwt.SignedJWT.parse(refreshed.path("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "hwk", "mfa");
        assertThat(claims.getStringClaim("acr")).isEqualTo("2");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(proof.authTime().getEpochSecond());
        assertThat(claims.getIssueTime().toInstant()).isAfter(proof.authTime());
    }

    @Test
    void introspection_answers_exactly_active_false_for_expired_revoked_unknown_and_forged_tokens() {
        JsonNode login = tokenLogin();
        String access = login.path("access_token").asText();
        String forged = access.substring(0, access.lastIndexOf('.') + 1) + "AAAA";
        for (String token : new String[] {"garbage", forged, login.path("refresh_token").asText()}) {
            assertThat(introspect(token).body()).isEqualTo("{\"active\":false}");
        }
        server.clock.advance(Duration.ofMinutes(11));
        assertThat(introspect(access).body()).isEqualTo("{\"active\":false}");

        String fresh = tokenLogin().path("access_token").asText();
        Browser web = new Browser(server);
        web.login("alice");
        web.delete("/v1/sessions");
        assertThat(introspect(fresh).body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void a_confidential_client_cannot_be_named_at_sign_in_without_its_secret() {
        HttpResponse<String> r = client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"orders\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("code").asText()).isEqualTo("unknown_client");
        assertThat(server.gatehouse().sessions().listActive(server.gatehouse().accounts().get("alice").id(), null, 100).sessions()).isEmpty();
    }

    @Test
    void introspection_needs_a_registered_confidential_client() {
        String access = tokenLogin().path("access_token").asText();
        HttpResponse<String> anonymous = form("/oauth2/introspect", "token=" + enc(access), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("error").asText()).isEqualTo("invalid_client");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(form("/oauth2/introspect", "token=" + enc(access), basic("orders", "wrong")).statusCode()).isEqualTo(401);
        assertThat(form("/oauth2/introspect", "token=" + enc(access) + "&client_id=orders&client_secret=" + enc(SECRET), null)
                .statusCode()).isEqualTo(200);
        assertThat(form("/oauth2/introspect", "token=" + enc(access), "Basic !!!").statusCode()).isEqualTo(401);
    }

    @Test
    void introspection_answers_a_client_only_about_tokens_of_audiences_it_may_see() {
        server.gatehouse().clients().create("billing", SECRET, Set.of("billing"));
        server.gatehouse().clients().create("account-watch", SECRET, Set.of("gatehouse"));
        String api = tokenLogin().path("access_token").asText();
        String billing = json(client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"audience\":\"billing\"}"))
                .path("access_token").asText();
        String account = json(client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"audience\":\"gatehouse\"}"))
                .path("access_token").asText();

        assertThat(form("/oauth2/introspect", "token=" + enc(api), basic("billing", SECRET)).body())
                .isEqualTo("{\"active\":false}");
        assertThat(json(form("/oauth2/introspect", "token=" + enc(billing), basic("billing", SECRET)))
                .path("username").asText()).isEqualTo("alice");
        // "orders" may see every configured audience, not the account API's
        assertThat(json(introspect(api)).path("active").asBoolean()).isTrue();
        assertThat(json(introspect(billing)).path("active").asBoolean()).isTrue();
        assertThat(introspect(account).body()).isEqualTo("{\"active\":false}");
        assertThat(json(form("/oauth2/introspect", "token=" + enc(account), basic("account-watch", SECRET)))
                .path("aud").asText()).isEqualTo("gatehouse");
    }

    @Test
    void revoking_a_refresh_token_ends_its_session() {
        JsonNode login = tokenLogin();
        HttpResponse<String> r = form("/oauth2/revoke", "token=" + enc(login.path("refresh_token").asText())
                + "&token_type_hint=refresh_token&client_id=web", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(introspect(login.path("access_token").asText()).body()).isEqualTo("{\"active\":false}");
        assertThat(json(form("/oauth2/token", "grant_type=refresh_token&refresh_token="
                + enc(login.path("refresh_token").asText()), null)).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void revoking_an_access_token_refuses_it_by_its_id_while_the_session_lives_on() {
        JsonNode login = tokenLogin();
        String access = login.path("access_token").asText();
        assertThat(form("/oauth2/revoke", "token=" + enc(access), null).statusCode()).isEqualTo(200);

        assertThat(introspect(access).body()).isEqualTo("{\"active\":false}");
        JsonNode refreshed = json(form("/oauth2/token", "grant_type=refresh_token&refresh_token="
                + enc(login.path("refresh_token").asText()), null));
        assertThat(json(introspect(refreshed.path("access_token").asText())).path("active").asBoolean()).isTrue();
        assertThat(server.gatehouse().revocations().after(0, 10))
                .anySatisfy(e -> assertThat(e.kind().wireName()).isEqualTo("token"));
    }

    @Test
    void revocation_without_a_client_speaks_for_the_web_client_and_leaves_other_clients_tokens_alone() {
        server.gatehouse().clients().create("mobile", null, Set.of());
        JsonNode mobile = json(client.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\",\"client_id\":\"mobile\"}"));
        String refresh = mobile.path("refresh_token").asText();
        String access = mobile.path("access_token").asText();

        for (String asker : new String[] {"", "&client_id=web"}) {
            assertThat(form("/oauth2/revoke", "token=" + enc(refresh) + asker, null).statusCode()).isEqualTo(200);
            assertThat(form("/oauth2/revoke", "token=" + enc(access) + asker, null).statusCode()).isEqualTo(200);
        }
        assertThat(json(introspect(access)).path("active").asBoolean()).isTrue();
        assertThat(server.gatehouse().sessions().findActive(mobile.path("session_id").asText())).isPresent();

        assertThat(form("/oauth2/revoke", "token=" + enc(refresh) + "&client_id=mobile", null).statusCode()).isEqualTo(200);
        assertThat(introspect(access).body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void revoking_an_unknown_token_is_still_200_but_bad_requests_are_not() {
        assertThat(form("/oauth2/revoke", "token=unknown", null).statusCode()).isEqualTo(200);
        assertThat(json(form("/oauth2/revoke", "", null)).path("error").asText()).isEqualTo("invalid_request");
        assertThat(json(form("/oauth2/revoke", "token=x&token_type_hint=id_token", null)).path("error").asText())
                .isEqualTo("unsupported_token_type");
        assertThat(form("/oauth2/revoke", "token=x", basic("orders", "wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void the_jwks_publishes_public_keys_only_and_may_be_cached() {
        HttpResponse<String> r = client.get("/.well-known/jwks.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=295");
        JsonNode key = json(r).path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("use").asText()).isEqualTo("sig");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        assertThat(key.has("kid")).isTrue();
        for (String secret : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
            assertThat(key.has(secret)).as(secret).isFalse();
        }
    }

    @Test
    void the_metadata_names_every_endpoint() {
        JsonNode m = json(client.get("/.well-known/oauth-authorization-server"));
        assertThat(m.path("issuer").asText()).isEqualTo(TestServer.ORIGIN);
        assertThat(m.path("token_endpoint").asText()).isEqualTo(TestServer.ORIGIN + "/oauth2/token");
        assertThat(m.path("introspection_endpoint").asText()).endsWith("/oauth2/introspect");
        assertThat(m.path("revocation_endpoint").asText()).endsWith("/oauth2/revoke");
        assertThat(m.path("jwks_uri").asText()).endsWith("/.well-known/jwks.json");
        assertThat(m.path("grant_types_supported").toString()).contains("refresh_token");
    }
}
