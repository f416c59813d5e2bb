package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryClientStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientRegistrationsTest {

    private final ClientRegistrations rules = new ClientRegistrations(Duration.ofMinutes(5));
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final Clients clients = new Clients(new InMemoryClientStore(), List.of("api"), Duration.ofMinutes(5), audit,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static ClientRegistration web(ClientAuthMethod method, List<String> redirects, Set<GrantType> grants) {
        return new ClientRegistration("Shop", method, redirects, List.of(), grants, Set.of("orders"), false, null, null,
                null, null, null);
    }

    private static ClientRegistration withRedirect(ClientAuthMethod method, String uri) {
        return web(method, List.of(uri), Set.of(GrantType.AUTHORIZATION_CODE));
    }

    private InvalidInputException refused(ClientRegistration r, ErrorCode code) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> rules.check(r));
        assertThat(e).as("refused: %s", r).isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        return e;
    }

    @Test
    void https_and_loopback_http_redirect_uris_are_accepted_for_every_client() {
        for (String uri : List.of("https://shop.example/callback", "http://127.0.0.1:8080/cb", "http://[::1]/cb",
                "http://localhost:3000/cb")) {
            assertThat(rules.check(withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC, uri)).redirectUris()).containsExactly(uri);
        }
    }

    @Test
    void a_redirect_uri_that_is_relative_has_a_fragment_or_is_plain_http_elsewhere_is_refused() {
        for (String uri : List.of("/callback", "https://shop.example/cb#frag", "http://shop.example/cb", "not a uri",
                "https:///nohost", "")) {
            refused(withRedirect(ClientAuthMethod.NONE, uri), ErrorCode.INVALID_REDIRECT_URI);
        }
    }

    @Test
    void a_private_use_scheme_with_a_dot_is_for_public_clients_only() {
        assertThat(rules.check(withRedirect(ClientAuthMethod.NONE, "com.example.app:/callback")).redirectUris())
                .containsExactly("com.example.app:/callback");
        refused(withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC, "com.example.app:/callback"), ErrorCode.INVALID_REDIRECT_URI);
        refused(withRedirect(ClientAuthMethod.NONE, "myapp:/callback"), ErrorCode.INVALID_REDIRECT_URI);
    }

    @Test
    void post_logout_and_back_channel_uris_follow_the_same_rules() {
        ClientRegistration base = withRedirect(ClientAuthMethod.NONE, "https://shop.example/cb");
        refused(new ClientRegistration("", ClientAuthMethod.NONE, base.redirectUris(), List.of("http://shop.example/bye"),
                base.grantTypes(), Set.of(), false, null, null, null, null, null), ErrorCode.INVALID_REDIRECT_URI);
        refused(new ClientRegistration("", ClientAuthMethod.NONE, base.redirectUris(), List.of(), base.grantTypes(),
                Set.of(), false, null, null, "https://shop.example/logout#x", null, null), ErrorCode.INVALID_REDIRECT_URI);
        refused(new ClientRegistration("", ClientAuthMethod.NONE, base.redirectUris(), List.of(), base.grantTypes(),
                Set.of(), false, null, null, "com.example.app:/logout", null, null), ErrorCode.INVALID_REDIRECT_URI);
        assertThat(rules.check(new ClientRegistration("", ClientAuthMethod.NONE, base.redirectUris(),
                List.of("https://shop.example/bye"), base.grantTypes(), Set.of(), false, null, null,
                "http://127.0.0.1:9000/logout", null, null)).backchannelLogoutUri()).isEqualTo("http://127.0.0.1:9000/logout");
    }

    @Test
    void grant_types_must_fit_together() {
        refused(web(ClientAuthMethod.CLIENT_SECRET_BASIC, List.of(), Set.of(GrantType.AUTHORIZATION_CODE)),
                ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(web(ClientAuthMethod.NONE, List.of(), Set.of(GrantType.CLIENT_CREDENTIALS)),
                ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(web(ClientAuthMethod.CLIENT_SECRET_POST, List.of(), Set.of(GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)),
                ErrorCode.INVALID_CLIENT_REGISTRATION);
        assertThat(rules.check(web(ClientAuthMethod.CLIENT_SECRET_POST, List.of(),
                Set.of(GrantType.DEVICE_CODE, GrantType.REFRESH_TOKEN))).grantTypes()).hasSize(2);
        // a public client signing in through /v1/login refreshes without another grant
        assertThat(rules.check(ClientRegistration.basic(false)).grantTypes()).containsExactly(GrantType.REFRESH_TOKEN);
    }

    @Test
    void no_grant_types_means_the_code_flow_with_refresh_for_a_client_with_redirect_uris() {
        ClientRegistration r = rules.check(web(ClientAuthMethod.NONE, List.of("https://a.example/cb"), Set.of()));
        assertThat(r.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(rules.check(web(ClientAuthMethod.CLIENT_SECRET_BASIC, List.of(), Set.of())).grantTypes()).isEmpty();
    }

    @Test
    void scopes_are_scope_tokens() {
        refused(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of("two words"),
                false, null, null, null, null, null), ErrorCode.INVALID_SCOPE);
        refused(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of("quo\"te"),
                false, null, null, null, null, null), ErrorCode.INVALID_SCOPE);
    }

    @Test
    void lifetimes_are_positive_and_access_tokens_live_no_longer_than_the_servers() {
        assertThat(refused(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of(),
                false, Duration.ofMinutes(6), null, null, null, null), ErrorCode.INVALID_CLIENT_REGISTRATION))
                .hasMessageContaining("360 s").hasMessageContaining("300 s");
        refused(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of(), false,
                null, Duration.ZERO, null, null, null), ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of(), false,
                null, Duration.ofSeconds(Long.MAX_VALUE), null, null, null), ErrorCode.INVALID_CLIENT_REGISTRATION);
        assertThat(rules.check(new ClientRegistration("", ClientAuthMethod.NONE, List.of(), List.of(), Set.of(), Set.of(),
                false, Duration.ofMinutes(5), Duration.ofDays(30), null, null, null)).grantLifetime()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void private_key_jwt_needs_one_public_key_set() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String publicSet = new JWKSet(key.toPublicJWK()).toString();
        String privateSet = new JWKSet(key).toString(false);
        assertThat(rules.check(keyed(publicSet, null)).jwks()).isEqualTo(publicSet);
        assertThat(rules.check(keyed(null, "https://shop.example/jwks.json")).jwksUri()).isNotNull();
        assertThat(refused(keyed(privateSet, null), ErrorCode.INVALID_CLIENT_REGISTRATION)).hasMessageContaining("private key");
        refused(keyed(null, null), ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(keyed(publicSet, "https://shop.example/jwks.json"), ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(keyed("{not json", null), ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(keyed(null, "http://shop.example/jwks.json"), ErrorCode.INVALID_CLIENT_REGISTRATION);
        refused(new ClientRegistration("", ClientAuthMethod.CLIENT_SECRET_BASIC, List.of(), List.of(), Set.of(), Set.of(),
                false, null, null, null, publicSet, null), ErrorCode.INVALID_CLIENT_REGISTRATION);
    }

    private static ClientRegistration keyed(String jwks, String jwksUri) {
        return new ClientRegistration("", ClientAuthMethod.PRIVATE_KEY_JWT, List.of(), List.of(),
                Set.of(GrantType.CLIENT_CREDENTIALS), Set.of(), false, null, null, null, jwks, jwksUri);
    }

    @Test
    void registering_makes_a_secret_only_for_the_secret_methods_and_stores_the_checked_registration() {
        Clients.Registered basic = clients.register("shop", withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC,
                "https://shop.example/cb"), Set.of(), Actor.COMMAND_LINE);
        assertThat(basic.secret()).hasSizeGreaterThanOrEqualTo(Clients.MIN_SECRET_LENGTH);
        assertThat(clients.find("shop").orElseThrow().registration().grantTypes()).contains(GrantType.AUTHORIZATION_CODE);
        Clients.Registered app = clients.register("app", withRedirect(ClientAuthMethod.NONE, "com.example.app:/cb"),
                Set.of(), Actor.COMMAND_LINE);
        assertThat(app.secret()).isNull();
        assertThat(app.client().isConfidential()).isFalse();
    }

    @Test
    void a_chosen_secret_must_match_the_auth_method() {
        assertThatThrownBy(() -> clients.create("app", "a-client-secret-long-enough-0123456789", Set.of(),
                withRedirect(ClientAuthMethod.NONE, "https://a.example/cb"), Actor.COMMAND_LINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("takes no client secret");
        assertThatThrownBy(() -> clients.create("app", null, Set.of(),
                withRedirect(ClientAuthMethod.CLIENT_SECRET_POST, "https://a.example/cb"), Actor.COMMAND_LINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a client secret");
        assertThat(clients.find("app")).isEmpty();
    }

    @Test
    void an_update_replaces_the_registration_keeps_the_secret_and_is_audited() {
        Clients.Registered shop = clients.register("shop", withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC,
                "https://shop.example/cb"), Set.of(), Actor.COMMAND_LINE);
        clients.update("shop", withRedirect(ClientAuthMethod.CLIENT_SECRET_POST, "https://shop.example/new"),
                Actor.COMMAND_LINE);
        Client updated = clients.find("shop").orElseThrow();
        assertThat(updated.registration().redirectUris()).containsExactly("https://shop.example/new");
        assertThat(updated.registration().authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(clients.authenticate("shop", shop.secret()).id()).isEqualTo("shop");
        assertThat(audit.search(AuditQuery.newest(10).types(Set.of(AuditType.CLIENT_UPDATED)))).hasSize(1);
    }

    @Test
    void an_update_cannot_add_or_drop_a_secret_nor_break_a_rule_nor_find_a_missing_client() {
        clients.register("shop", withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC, "https://shop.example/cb"), Set.of(),
                Actor.COMMAND_LINE);
        assertThatThrownBy(() -> clients.update("shop", withRedirect(ClientAuthMethod.NONE, "https://shop.example/cb"),
                Actor.COMMAND_LINE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("has a secret");
        assertThatThrownBy(() -> clients.update("shop", withRedirect(ClientAuthMethod.CLIENT_SECRET_BASIC,
                "http://shop.example/cb"), Actor.COMMAND_LINE)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> clients.update("nobody", ClientRegistration.basic(true), Actor.COMMAND_LINE))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> clients.update(Clients.WEB, ClientRegistration.basic(false), Actor.COMMAND_LINE))
                .isInstanceOf(NotFoundException.class);
        assertThat(clients.find("shop").orElseThrow().registration().redirectUris()).containsExactly("https://shop.example/cb");
    }
}
