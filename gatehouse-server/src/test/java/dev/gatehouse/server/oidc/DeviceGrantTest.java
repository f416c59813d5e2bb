package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.ProviderClient.claims;
import static dev.gatehouse.server.oidc.ProviderClient.error;
import static dev.gatehouse.server.oidc.ProviderClient.form;
import static dev.gatehouse.server.oidc.ProviderClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device authorization grant (RFC 8628): codes, polling, and the grant under the approving session. */
class DeviceGrantTest {

    private static final String DEVICE_GRANT = GrantType.DEVICE_CODE.wireName();

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    ProviderClient rp;
    String accountId;
    String sessionId;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        rp = new ProviderClient(server);
        rp.register("tv", null, ClientAuthMethod.NONE, Set.of(GrantType.DEVICE_CODE, GrantType.REFRESH_TOKEN), Set.of(),
                null, null);
        JsonNode login = json(new Browser(server).login("alice"));
        sessionId = login.path("session_id").asText();
        accountId = login.path("account").path("id").asText();
    }

    JsonNode authorize(String scope) {
        HttpResponse<String> r = rp.post("/oauth2/device_authorization", form("client_id", "tv", "scope", scope), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    HttpResponse<String> poll(String deviceCode) {
        return rp.token(form("grant_type", DEVICE_GRANT, "client_id", "tv", "device_code", deviceCode), null);
    }

    boolean decide(JsonNode started, boolean approve) {
        return server.gatehouse().oauthStores().deviceGrants().decide(
                DeviceGrant.normaliseUserCode(started.path("user_code").asText()), approve, accountId, sessionId,
                server.clock.instant());
    }

    @Test
    void a_device_gets_codes_to_show_and_to_poll_with() {
        JsonNode started = authorize("openid profile");
        assertThat(started.path("device_code").asText()).hasSize(43);
        assertThat(started.path("user_code").asText()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(started.path("verification_uri").asText()).isEqualTo(TestServer.ORIGIN + "/device");
        assertThat(started.path("verification_uri_complete").asText())
                .isEqualTo(TestServer.ORIGIN + "/device?user_code=" + started.path("user_code").asText());
        assertThat(started.path("expires_in").asLong()).isEqualTo(600);
        assertThat(started.path("interval").asLong()).isEqualTo(5);
    }

    @Test
    void polling_is_pending_then_too_fast_then_approved_once() {
        JsonNode started = authorize("openid profile");
        String deviceCode = started.path("device_code").asText();
        assertThat(error(poll(deviceCode))).isEqualTo("authorization_pending");
        assertThat(error(poll(deviceCode))).isEqualTo("slow_down");
        server.clock.advance(Duration.ofSeconds(5));
        assertThat(error(poll(deviceCode))).isEqualTo("authorization_pending");

        assertThat(decide(started, true)).isTrue();
        server.clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> r = poll(deviceCode);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("refresh_token").asText()).hasSize(43);
        JsonNode id = claims(body.path("id_token").asText());
        assertThat(id.path("aud").asText()).isEqualTo("tv");
        assertThat(id.path("sub").asText()).isEqualTo(accountId);
        assertThat(id.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(id.has("nonce")).isFalse();
        assertThat(server.gatehouse().grants().startedFrom(sessionId)).singleElement()
                .satisfies(g -> assertThat(g.sessionId()).isEqualTo(id.path("sid").asText()));

        server.clock.advance(Duration.ofSeconds(5));
        assertThat(error(poll(deviceCode))).isEqualTo("invalid_grant");
    }

    @Test
    void a_denied_authorization_is_access_denied() {
        JsonNode started = authorize("openid");
        assertThat(decide(started, false)).isTrue();
        assertThat(error(poll(started.path("device_code").asText()))).isEqualTo("access_denied");
    }

    @Test
    void an_expired_device_code_is_expired_token() {
        JsonNode started = authorize("openid");
        server.clock.advance(Duration.ofSeconds(601));
        assertThat(error(poll(started.path("device_code").asText()))).isEqualTo("expired_token");
        assertThat(decide(started, true)).isFalse();
    }

    @Test
    void unknown_codes_other_clients_and_unregistered_clients_are_refused() {
        JsonNode started = authorize("openid");
        assertThat(error(poll("not-a-device-code"))).isEqualTo("invalid_grant");
        rp.register("other", null, ClientAuthMethod.NONE, Set.of(GrantType.DEVICE_CODE), Set.of(), null, null);
        assertThat(error(rp.token(form("grant_type", DEVICE_GRANT, "client_id", "other", "device_code",
                started.path("device_code").asText()), null))).isEqualTo("invalid_grant");
        rp.register("web-app", null, ClientAuthMethod.NONE, Set.of(GrantType.AUTHORIZATION_CODE), Set.of(), null, null);
        assertThat(error(rp.post("/oauth2/device_authorization", form("client_id", "web-app"), null)))
                .isEqualTo("unauthorized_client");
        assertThat(error(rp.post("/oauth2/device_authorization", form("client_id", "tv", "scope", "admin"), null)))
                .isEqualTo("invalid_scope");
        assertThat(rp.post("/oauth2/device_authorization", form("scope", "openid"), null).statusCode()).isEqualTo(401);
    }
}
