package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/admin/clients} with registrations in RFC 7591's names, and {@code /v1/admin/logout-deliveries}. */
class ClientRegistrationApiTest {

    private static final String SHOP = """
            {"id": "shop", "client_name": "The Shop", "token_endpoint_auth_method": "client_secret_post",
             "redirect_uris": ["https://shop.example/cb", "http://127.0.0.1:8080/cb"],
             "post_logout_redirect_uris": ["https://shop.example/bye"],
             "grant_types": ["authorization_code", "refresh_token"], "scope": "orders profile",
             "first_party": true, "access_token_lifetime": 120, "grant_lifetime": 86400,
             "backchannel_logout_uri": "https://shop.example/logout"}""";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser admin;

    @BeforeEach
    void start() {
        server.createAccount("root", true);
        admin = new Browser(server);
        admin.login("root");
    }

    @Test
    void an_admin_registers_a_client_with_its_registration_and_reads_it_back() {
        HttpResponse<String> created = admin.postJson("/v1/admin/clients", SHOP);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = json(created).path("secret").asText();
        assertThat(server.gatehouse().clients().authenticate("shop", secret).id()).isEqualTo("shop");
        JsonNode shop = json(admin.get("/v1/admin/clients/shop"));
        assertThat(shop.path("client_name").asText()).isEqualTo("The Shop");
        assertThat(shop.path("token_endpoint_auth_method").asText()).isEqualTo("client_secret_post");
        assertThat(shop.path("redirect_uris")).extracting(JsonNode::asText)
                .containsExactly("https://shop.example/cb", "http://127.0.0.1:8080/cb");
        assertThat(shop.path("post_logout_redirect_uris")).extracting(JsonNode::asText).containsExactly("https://shop.example/bye");
        assertThat(shop.path("grant_types")).extracting(JsonNode::asText).containsExactly("authorization_code", "refresh_token");
        assertThat(shop.path("scope").asText()).isEqualTo("orders profile");
        assertThat(shop.path("first_party").asBoolean()).isTrue();
        assertThat(shop.path("access_token_lifetime").asLong()).isEqualTo(120);
        assertThat(shop.path("grant_lifetime").asLong()).isEqualTo(86400);
        assertThat(shop.path("backchannel_logout_uri").asText()).isEqualTo("https://shop.example/logout");
        assertThat(shop.path("confidential").asBoolean()).isTrue();
        assertThat(json(admin.get("/v1/admin/clients")).path("clients").get(0).path("client_name").asText())
                .isEqualTo("The Shop");
        ClientRegistration stored = server.gatehouse().clients().find("shop").orElseThrow().registration();
        assertThat(stored.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(stored.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    }

    @Test
    void a_public_app_and_a_key_holding_service_register_without_a_secret() throws Exception {
        HttpResponse<String> app = admin.postJson("/v1/admin/clients", """
                {"id": "app", "token_endpoint_auth_method": "none", "redirect_uris": ["com.example.app:/cb"]}""");
        assertThat(app.statusCode()).as(app.body()).isEqualTo(201);
        assertThat(json(app).has("secret")).isFalse();
        assertThat(json(app).path("client").path("grant_types")).extracting(JsonNode::asText)
                .containsExactly("authorization_code", "refresh_token");

        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("svc-1").generate();
        HttpResponse<String> service = admin.postJson("/v1/admin/clients", "{\"id\": \"svc\", "
                + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"grant_types\": [\"client_credentials\"], "
                + "\"jwks\": {\"keys\": [" + key.toPublicJWK().toJSONString() + "]}}");
        assertThat(service.statusCode()).as(service.body()).isEqualTo(201);
        assertThat(json(service).has("secret")).isFalse();
        assertThat(json(admin.get("/v1/admin/clients/svc")).path("jwks").path("keys").get(0).path("kid").asText())
                .isEqualTo("svc-1");
        assertThat(json(admin.get("/v1/admin/clients/svc")).path("jwks").path("keys").get(0).has("d")).isFalse();

        HttpResponse<String> leaked = admin.postJson("/v1/admin/clients", "{\"id\": \"svc2\", "
                + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"grant_types\": [\"client_credentials\"], "
                + "\"jwks\": {\"keys\": [" + key.toJSONString() + "]}}");
        assertThat(leaked.statusCode()).isEqualTo(400);
        assertThat(code(leaked)).isEqualTo("invalid_client_registration");
        assertThat(leaked.body()).doesNotContain(key.getD().toString());
    }

    @Test
    void a_registration_that_breaks_a_rule_is_refused_with_a_stable_code_and_nothing_is_stored() {
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "redirect_uris": ["http://shop.example/cb"]}"""))).isEqualTo("invalid_redirect_uri");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "redirect_uris": ["https://shop.example/cb#top"]}"""))).isEqualTo("invalid_redirect_uri");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "grant_types": ["authorization_code"]}"""))).isEqualTo("invalid_client_registration");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "grant_types": ["password"]}"""))).isEqualTo("invalid_client_registration");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "token_endpoint_auth_method": "client_secret_jwt"}"""))).isEqualTo("invalid_client_registration");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "confidential": false, "token_endpoint_auth_method": "client_secret_basic"}""")))
                .isEqualTo("invalid_client_registration");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "access_token_lifetime": 86400}"""))).isEqualTo("invalid_client_registration");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "scope": "a \\"b"}"""))).isEqualTo("invalid_scope");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "redirect_uris": [null]}"""))).isEqualTo("invalid_field");
        assertThat(code(admin.postJson("/v1/admin/clients", """
                {"id": "x", "backchannel_logout_uri": "http://shop.example/logout"}"""))).isEqualTo("invalid_redirect_uri");
        assertThat(json(admin.get("/v1/admin/clients")).path("clients")).isEmpty();
    }

    @Test
    void put_replaces_the_registration_keeps_the_secret_and_is_audited() {
        String secret = json(admin.postJson("/v1/admin/clients", SHOP)).path("secret").asText();

        HttpResponse<String> updated = admin.putJson("/v1/admin/clients/shop", """
                {"client_name": "Shop 2", "redirect_uris": ["https://shop.example/new"], "audiences": ["api"]}""");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode shop = json(admin.get("/v1/admin/clients/shop"));
        assertThat(shop.path("client_name").asText()).isEqualTo("Shop 2");
        assertThat(shop.path("redirect_uris")).extracting(JsonNode::asText).containsExactly("https://shop.example/new");
        assertThat(shop.path("token_endpoint_auth_method").asText()).as("kept when absent").isEqualTo("client_secret_post");
        assertThat(shop.hasNonNull("backchannel_logout_uri")).isFalse();
        assertThat(shop.path("audiences")).extracting(JsonNode::asText).containsExactly("api");
        assertThat(code(admin.putJson("/v1/admin/clients/shop", "{\"audiences\": [\"elsewhere\"]}")))
                .isEqualTo("invalid_audience");
        assertThat(server.gatehouse().clients().authenticate("shop", secret).id()).isEqualTo("shop");
        assertThat(server.gatehouse().audit().search(AuditQuery.newest(10).types(Set.of(AuditType.CLIENT_UPDATED))))
                .hasSize(1);
        assertThat(code(admin.putJson("/v1/admin/clients/shop", "{\"token_endpoint_auth_method\": \"none\"}")))
                .isEqualTo("invalid_client_registration");
        assertThat(code(admin.putJson("/v1/admin/clients/nobody", "{}"))).isEqualTo("client_not_found");
        assertThat(code(admin.get("/v1/admin/clients/nobody"))).isEqualTo("client_not_found");
    }

    @Test
    void only_admins_see_clients_and_logout_deliveries() {
        server.createAccount("alice", false);
        Browser alice = new Browser(server);
        alice.login("alice");
        server.gatehouse().clients().register("shop", new ClientRegistration("", ClientAuthMethod.NONE,
                java.util.List.of("https://shop.example/cb"), java.util.List.of(), Set.of(), Set.of(), false, null, null,
                null, null, null), Set.of(), dev.gatehouse.core.audit.Actor.COMMAND_LINE);

        assertThat(alice.get("/v1/admin/clients/shop").statusCode()).isEqualTo(403);
        assertThat(alice.putJson("/v1/admin/clients/shop", "{}").statusCode()).isEqualTo(403);
        assertThat(alice.get("/v1/admin/logout-deliveries").statusCode()).isEqualTo(403);
        HttpResponse<String> deliveries = admin.get("/v1/admin/logout-deliveries");
        assertThat(deliveries.statusCode()).isEqualTo(200);
        assertThat(json(deliveries).path("deliveries")).isEmpty();
    }
}
