package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.ProviderClient.SECRET;
import static dev.gatehouse.server.oidc.ProviderClient.basic;
import static dev.gatehouse.server.oidc.ProviderClient.claims;
import static dev.gatehouse.server.oidc.ProviderClient.error;
import static dev.gatehouse.server.oidc.ProviderClient.form;
import static dev.gatehouse.server.oidc.ProviderClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code grant_type=client_credentials}: a client's tokens for itself, revocable and introspectable. */
class ClientCredentialsGrantTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest(Map.of(Setting.TOKENS_AUDIENCES, "api,billing"));
    ProviderClient rp;

    @BeforeEach
    void start() {
        rp = new ProviderClient(server);
        rp.register("svc", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GrantType.CLIENT_CREDENTIALS),
                Set.of("orders:read", "orders:write"), null, null);
        rp.register("svc-post", SECRET, ClientAuthMethod.CLIENT_SECRET_POST, Set.of(GrantType.CLIENT_CREDENTIALS),
                Set.of(), null, null);
        server.gatehouse().clients().create("orders", SECRET, Set.of());
    }

    HttpResponse<String> token(String... more) {
        Map<String, String> f = form("grant_type", "client_credentials");
        f.putAll(form(more));
        return rp.token(f, basic("svc", SECRET));
    }

    @Test
    void a_client_gets_a_token_for_itself_without_refresh_or_id_token() {
        HttpResponse<String> r = token();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("scope").asText()).isEqualTo("orders:read orders:write");
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.has("id_token")).isFalse();
        JsonNode claims = claims(body.path("access_token").asText());
        assertThat(claims.path("sub").asText()).isEqualTo("svc");
        assertThat(claims.path("client_id").asText()).isEqualTo("svc");
        assertThat(claims.path("aud").asText()).isEqualTo("api");
        assertThat(claims.path("sid").asText()).startsWith("cc-");
        assertThat(claims.has("amr")).isFalse();
        assertThat(claims.has("auth_time")).isFalse();
    }

    @Test
    void the_secret_may_come_in_the_form_for_a_client_registered_so() {
        HttpResponse<String> r = rp.token(form("grant_type", "client_credentials", "client_id", "svc-post",
                "client_secret", SECRET), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).has("scope")).isFalse();
    }

    @Test
    void a_wrong_secret_is_invalid_client_with_a_basic_challenge() {
        HttpResponse<String> r = rp.token(form("grant_type", "client_credentials"), basic("svc", SECRET + "x"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(error(r)).isEqualTo("invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(rp.token(form("grant_type", "client_credentials"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void only_registered_scopes_may_be_asked_for() {
        assertThat(json(token("scope", "orders:read")).path("scope").asText()).isEqualTo("orders:read");
        assertThat(error(token("scope", "orders:delete"))).isEqualTo("invalid_scope");
        assertThat(error(token("scope", "openid"))).isEqualTo("invalid_scope");
        assertThat(error(token("scope", "orders:read  orders:write"))).isEqualTo("invalid_scope");
    }

    @Test
    void the_audience_or_resource_asked_for_is_the_tokens_audience() {
        assertThat(claims(json(token("audience", "billing")).path("access_token").asText()).path("aud").asText())
                .isEqualTo("billing");
        assertThat(claims(json(token("resource", "billing")).path("access_token").asText()).path("aud").asText())
                .isEqualTo("billing");
        assertThat(error(token("audience", "gatehouse"))).isEqualTo("invalid_request");
        assertThat(error(token("audience", "api", "resource", "billing"))).isEqualTo("invalid_request");
    }

    @Test
    void a_revoked_token_is_no_longer_active_and_never_reaches_userinfo() {
        String token = json(token()).path("access_token").asText();
        JsonNode active = json(rp.post("/oauth2/introspect", form("token", token), basic("orders", SECRET)));
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("sub").asText()).isEqualTo("svc");
        assertThat(active.has("amr")).isFalse();
        HttpResponse<String> userinfo = rp.getWithBearer("/oauth2/userinfo", token);
        assertThat(userinfo.statusCode()).isEqualTo(401);

        assertThat(rp.post("/oauth2/revoke", form("token", token), basic("svc", SECRET)).statusCode()).isEqualTo(200);
        JsonNode revoked = json(rp.post("/oauth2/introspect", form("token", token), basic("orders", SECRET)));
        assertThat(revoked.path("active").asBoolean()).isFalse();
    }

    @Test
    void public_clients_and_clients_not_registered_for_it_are_refused() {
        // a public client cannot even be registered for it (ClientRegistrations), so ask with one registered for codes
        assertThatThrownBy(() -> rp.register("pub", null, ClientAuthMethod.NONE, Set.of(GrantType.CLIENT_CREDENTIALS),
                Set.of(), null, null)).isInstanceOf(InvalidInputException.class);
        rp.register("pub", null, ClientAuthMethod.NONE, Set.of(GrantType.AUTHORIZATION_CODE), Set.of(), null, null);
        assertThat(error(rp.token(form("grant_type", "client_credentials", "client_id", "pub"), null)))
                .isEqualTo("unauthorized_client");
        assertThat(error(rp.token(form("grant_type", "client_credentials"), basic("orders", SECRET))))
                .isEqualTo("unauthorized_client");
    }
}
