package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.ProviderClient.REDIRECT;
import static dev.gatehouse.server.oidc.ProviderClient.SECRET;
import static dev.gatehouse.server.oidc.ProviderClient.basic;
import static dev.gatehouse.server.oidc.ProviderClient.challenge;
import static dev.gatehouse.server.oidc.ProviderClient.claims;
import static dev.gatehouse.server.oidc.ProviderClient.error;
import static dev.gatehouse.server.oidc.ProviderClient.form;
import static dev.gatehouse.server.oidc.ProviderClient.json;
import static dev.gatehouse.server.oidc.ProviderClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oidc.AuthorizationCodes;
import dev.gatehouse.core.oidc.Grant;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code grant_type=authorization_code}: PKCE, single use, the parent session, the ID token. */
class AuthorizationCodeGrantTest {

    private static final String USER = "alice@example.com";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    ProviderClient rp;
    Browser browser;
    String accountId;
    String sessionId;

    @BeforeEach
    void start() {
        server.createAccount(USER, false);
        rp = new ProviderClient(server);
        rp.register("app", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), Set.of(), null, null);
        browser = new Browser(server);
        JsonNode login = json(browser.login(USER));
        sessionId = login.path("session_id").asText();
        accountId = login.path("account").path("id").asText();
        assertThat(sessionId).isNotEmpty();
    }

    String code(String clientId, String verifier, String scope, String nonce) {
        AuthorizationCodes codes = server.gatehouse().authorizationCodes();
        return codes.issue(codes.approve(clientId, REDIRECT, challenge(verifier), scope, nonce, accountId, sessionId));
    }

    HttpResponse<String> redeem(String code, String redirectUri, String verifier) {
        Map<String, String> f = form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);
        if (verifier != null) {
            f.put("code_verifier", verifier);
        }
        return rp.token(f, basic("app", SECRET));
    }

    JWTClaimsSet verifiedIdToken(String idToken) throws Exception {
        JWKSet keys = JWKSet.parse(rp.http.get("/.well-known/jwks.json").body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        // times are checked below against the server's clock, which the test moves
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        return processor.process(idToken, null);
    }

    @Test
    void a_code_is_exchanged_for_tokens_and_an_id_token_a_relying_party_can_verify() throws Exception {
        String verifier = verifier();
        HttpResponse<String> r = redeem(code("app", verifier, "openid profile email", "n-0S6_WzA2Mj"), REDIRECT, verifier);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(r);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(600);
        assertThat(body.path("scope").asText()).isEqualTo("openid profile email");
        assertThat(body.path("refresh_token").asText()).hasSize(43);
        String accessToken = body.path("access_token").asText();

        JWTClaimsSet id = verifiedIdToken(body.path("id_token").asText());
        List<Grant> grants = server.gatehouse().grants().startedFrom(sessionId);
        assertThat(grants).hasSize(1);
        assertThat(id.getIssuer()).isEqualTo(TestServer.ORIGIN);
        assertThat(id.getAudience()).containsExactly("app");
        assertThat(id.getSubject()).isEqualTo(accountId);
        assertThat(id.getStringClaim("azp")).isEqualTo("app");
        assertThat(id.getStringClaim("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(id.getStringClaim("sid")).isEqualTo(grants.getFirst().sessionId())
                .isEqualTo(claims(accessToken).path("sid").asText());
        assertThat(id.getLongClaim("auth_time")).isEqualTo(TestServer.START.getEpochSecond());
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(id.getExpirationTime().toInstant()).isAfter(server.clock.instant());
        byte[] hash = Secrets.sha256(accessToken.getBytes(StandardCharsets.US_ASCII));
        assertThat(id.getStringClaim("at_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(USER);
        assertThat(id.getStringClaim("email")).isEqualTo(USER);
        assertThat(id.getBooleanClaim("email_verified")).isFalse();
        assertThat(claims(accessToken).path("aud").asText()).isEqualTo("api");
    }

    @Test
    void without_openid_there_is_no_id_token() {
        String verifier = verifier();
        JsonNode body = json(redeem(code("app", verifier, "profile", null), REDIRECT, verifier));
        assertThat(body.has("access_token")).isTrue();
        assertThat(body.has("id_token")).isFalse();
    }

    @Test
    void a_missing_short_or_wrong_code_verifier_is_invalid_grant() {
        String verifier = verifier();
        assertThat(error(redeem(code("app", verifier, "openid", null), REDIRECT, null))).isEqualTo("invalid_grant");
        assertThat(error(redeem(code("app", verifier, "openid", null), REDIRECT, verifier()))).isEqualTo("invalid_grant");
        assertThat(error(redeem(code("app", verifier, "openid", null), REDIRECT, "short"))).isEqualTo("invalid_grant");
        assertThat(server.gatehouse().grants().startedFrom(sessionId)).isEmpty();
    }

    @Test
    void a_code_presented_twice_ends_the_grant_its_first_presentation_gave() {
        rp.register("orders", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(), Set.of(), null, null);
        String verifier = verifier();
        String code = code("app", verifier, "openid", null);
        JsonNode first = json(redeem(code, REDIRECT, verifier));
        assertThat(first.has("access_token")).isTrue();

        HttpResponse<String> again = redeem(code, REDIRECT, verifier);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(error(again)).isEqualTo("invalid_grant");
        assertThat(error(rp.token(form("grant_type", "refresh_token", "refresh_token",
                first.path("refresh_token").asText()), basic("app", SECRET)))).isEqualTo("invalid_grant");
        JsonNode introspection = json(rp.post("/oauth2/introspect",
                form("token", first.path("access_token").asText()), basic("orders", SECRET)));
        assertThat(introspection.path("active").asBoolean()).isFalse();
        assertThat(server.gatehouse().auditTrail().recentSecurityEvents(accountId, 20))
                .anyMatch(e -> e.type() == AuditType.AUTHORIZATION_CODE_REUSED);
    }

    @Test
    void a_code_issued_to_another_client_is_invalid_grant() {
        rp.register("other", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GrantType.AUTHORIZATION_CODE),
                Set.of(), null, null);
        String verifier = verifier();
        assertThat(error(redeem(code("other", verifier, "openid", null), REDIRECT, verifier))).isEqualTo("invalid_grant");
    }

    @Test
    void a_redirect_uri_one_character_off_is_invalid_grant() {
        String verifier = verifier();
        assertThat(error(redeem(code("app", verifier, "openid", null), REDIRECT + "/", verifier)))
                .isEqualTo("invalid_grant");
        assertThat(error(redeem(code("app", verifier, "openid", null), REDIRECT.replace("callback", "callbacc"), verifier)))
                .isEqualTo("invalid_grant");
    }

    @Test
    void a_code_approved_in_a_session_that_has_since_signed_out_is_invalid_grant() {
        String verifier = verifier();
        String code = code("app", verifier, "openid", null);
        assertThat(browser.post("/v1/logout", null, "").statusCode()).isLessThan(300);
        assertThat(error(redeem(code, REDIRECT, verifier))).isEqualTo("invalid_grant");
    }

    @Test
    void a_code_of_an_account_locked_since_is_invalid_grant() {
        String verifier = verifier();
        String code = code("app", verifier, "openid", null);
        server.gatehouse().accounts().lock(USER);
        assertThat(error(redeem(code, REDIRECT, verifier))).isEqualTo("invalid_grant");
    }

    @Test
    void a_grant_refreshes_with_rotation() {
        String verifier = verifier();
        JsonNode first = json(redeem(code("app", verifier, "openid offline_access", null), REDIRECT, verifier));
        String refresh = first.path("refresh_token").asText();

        HttpResponse<String> r = rp.token(form("grant_type", "refresh_token", "refresh_token", refresh), basic("app", SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String next = json(r).path("refresh_token").asText();
        assertThat(next).hasSize(43).isNotEqualTo(refresh);
        assertThat(claims(json(r).path("access_token").asText()).path("sid").asText())
                .isEqualTo(claims(first.path("access_token").asText()).path("sid").asText());
        server.clock.advance(Duration.ofSeconds(11));
        assertThat(rp.token(form("grant_type", "refresh_token", "refresh_token", next), basic("app", SECRET)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_client_not_registered_for_refresh_gets_no_refresh_token() {
        rp.register("norefresh", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GrantType.AUTHORIZATION_CODE),
                Set.of(), null, null);
        String verifier = verifier();
        AuthorizationCodes codes = server.gatehouse().authorizationCodes();
        String code = codes.issue(codes.approve("norefresh", REDIRECT, challenge(verifier), "openid", null, accountId,
                sessionId));
        JsonNode body = json(rp.token(form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier), basic("norefresh", SECRET)));
        assertThat(body.has("access_token")).isTrue();
        assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void a_client_must_be_registered_for_the_grant_type_and_its_auth_method() {
        rp.register("cc", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GrantType.CLIENT_CREDENTIALS), Set.of(),
                null, null);
        String verifier = verifier();
        HttpResponse<String> r = rp.token(form("grant_type", "authorization_code", "code", code("cc", verifier, "openid",
                null), "redirect_uri", REDIRECT, "code_verifier", verifier), basic("cc", SECRET));
        assertThat(error(r)).isEqualTo("unauthorized_client");
        // registered for client_secret_basic: the secret in the form is refused
        HttpResponse<String> post = rp.token(form("grant_type", "authorization_code", "code", code("app", verifier,
                "openid", null), "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", "app",
                "client_secret", SECRET), null);
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(error(post)).isEqualTo("invalid_client");
    }

    @Test
    void a_public_client_names_itself_and_proves_the_code_with_pkce_alone() {
        rp.register("spa", null, ClientAuthMethod.NONE, Set.of(GrantType.AUTHORIZATION_CODE), Set.of(), null, null);
        String verifier = verifier();
        Map<String, String> f = form("grant_type", "authorization_code", "code", code("spa", verifier, "openid", null),
                "redirect_uri", REDIRECT, "code_verifier", verifier);
        HttpResponse<String> anonymous = rp.token(f, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(error(anonymous)).isEqualTo("invalid_client");
        f.put("client_id", "spa");
        HttpResponse<String> r = rp.token(f, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).has("refresh_token")).isFalse();
        assertThat(claims(json(r).path("id_token").asText()).path("aud").asText()).isEqualTo("spa");
    }
}
