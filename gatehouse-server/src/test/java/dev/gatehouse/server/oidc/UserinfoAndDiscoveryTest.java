package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.ProviderClient.REDIRECT;
import static dev.gatehouse.server.oidc.ProviderClient.SECRET;
import static dev.gatehouse.server.oidc.ProviderClient.basic;
import static dev.gatehouse.server.oidc.ProviderClient.challenge;
import static dev.gatehouse.server.oidc.ProviderClient.form;
import static dev.gatehouse.server.oidc.ProviderClient.json;
import static dev.gatehouse.server.oidc.ProviderClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.oidc.AuthorizationCodes;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /oauth2/userinfo} and the discovery document. */
class UserinfoAndDiscoveryTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    ProviderClient rp;
    String accountId;
    String sessionId;

    @BeforeEach
    void start() {
        server.createAccount("bob", false);
        rp = new ProviderClient(server);
        rp.register("app", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GrantType.AUTHORIZATION_CODE), Set.of(),
                null, null);
        JsonNode login = json(new Browser(server).login("bob"));
        sessionId = login.path("session_id").asText();
        accountId = login.path("account").path("id").asText();
    }

    String accessToken(String scope) {
        AuthorizationCodes codes = server.gatehouse().authorizationCodes();
        String verifier = verifier();
        String code = codes.issue(codes.approve("app", REDIRECT, challenge(verifier), scope, null, accountId, sessionId));
        return json(rp.token(form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier), basic("app", SECRET))).path("access_token").asText();
    }

    @Test
    void userinfo_answers_the_claims_of_the_granted_scopes() {
        String token = accessToken("openid profile email");
        HttpResponse<String> r = rp.getWithBearer("/oauth2/userinfo", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("sub").asText()).isEqualTo(accountId);
        assertThat(body.path("preferred_username").asText()).isEqualTo("bob");
        assertThat(body.path("name").asText()).isEqualTo("bob");
        assertThat(body.has("email")).isFalse(); // "bob" is not an e-mail address

        HttpResponse<String> post = rp.http.send(rp.http.request("/oauth2/userinfo")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()), true);
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(json(accessTokenInfo(accessToken("openid"))).has("preferred_username")).isFalse();
    }

    private HttpResponse<String> accessTokenInfo(String token) {
        return rp.getWithBearer("/oauth2/userinfo", token);
    }

    @Test
    void userinfo_needs_the_openid_scope_and_a_valid_token() {
        HttpResponse<String> noOpenid = accessTokenInfo(accessToken("profile"));
        assertThat(noOpenid.statusCode()).isEqualTo(403);
        assertThat(noOpenid.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("error=\"insufficient_scope\""));

        HttpResponse<String> invalid = accessTokenInfo("not-a-token");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        HttpResponse<String> none = rp.http.get("/oauth2/userinfo");
        assertThat(none.statusCode()).isEqualTo(401);

        String token = accessToken("openid");
        server.gatehouse().sessions().revokeAll(accountId, dev.gatehouse.core.session.RevokeReason.SIGN_OUT_EVERYWHERE);
        assertThat(accessTokenInfo(token).statusCode()).isEqualTo(401);
    }

    @Test
    void the_discovery_document_is_the_authorization_server_metadata() {
        HttpResponse<String> r = rp.http.get("/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d).isEqualTo(json(rp.http.get("/.well-known/oauth-authorization-server")));
        assertThat(d.path("issuer").asText()).isEqualTo(TestServer.ORIGIN);
        assertThat(d.path("authorization_endpoint").asText()).isEqualTo(TestServer.ORIGIN + "/oauth2/authorize");
        assertThat(d.path("token_endpoint").asText()).isEqualTo(TestServer.ORIGIN + "/oauth2/token");
        assertThat(d.path("userinfo_endpoint").asText()).isEqualTo(TestServer.ORIGIN + "/oauth2/userinfo");
        assertThat(d.path("jwks_uri").asText()).isEqualTo(TestServer.ORIGIN + "/.well-known/jwks.json");
        assertThat(d.path("end_session_endpoint").asText()).isEqualTo(TestServer.ORIGIN + "/oauth2/logout");
        assertThat(d.path("device_authorization_endpoint").asText())
                .isEqualTo(TestServer.ORIGIN + "/oauth2/device_authorization");
        assertThat(d.path("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(d.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
        assertThat(d.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        assertThat(d.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(d.path("grant_types_supported").toString()).contains("authorization_code", "refresh_token",
                "client_credentials", "urn:ietf:params:oauth:grant-type:device_code");
        assertThat(d.path("token_endpoint_auth_methods_supported").toString()).contains("client_secret_basic",
                "client_secret_post", "private_key_jwt", "none");
        assertThat(d.path("token_endpoint_auth_signing_alg_values_supported").toString()).contains("RS256", "ES256",
                "EdDSA").doesNotContain("HS256");
        assertThat(d.path("scopes_supported").toString()).contains("openid", "offline_access");
        assertThat(d.path("claims_supported").toString()).contains("sub", "sid", "preferred_username");
        assertThat(d.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(d.path("backchannel_logout_supported").asBoolean()).isTrue();
        assertThat(d.path("backchannel_logout_session_supported").asBoolean()).isTrue();
        assertThat(d.path("prompt_values_supported").isArray()).isTrue();
    }
}
