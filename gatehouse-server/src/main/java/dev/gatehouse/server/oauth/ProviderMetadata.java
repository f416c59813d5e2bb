package dev.gatehouse.server.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.KeyMaterial;
import dev.gatehouse.core.oidc.ClientAssertions;
import dev.gatehouse.core.oidc.OidcScopes;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one description of this server as an authorization server and OpenID provider: served as
 * both the RFC 8414 metadata ({@code /.well-known/oauth-authorization-server}) and the OpenID
 * Connect discovery document ({@code /.well-known/openid-configuration}), so the two never
 * disagree. Each value is read from the code that decides it (grant types, authentication
 * methods, scopes, claims), not written out a second time.
 */
final class ProviderMetadata {

    private ProviderMetadata() {
    }

    /**
     * @param issuer       the issuer
     * @param baseUrl      where the endpoints are (the public origin)
     * @param keyAlgorithm what ID tokens are signed with
     */
    static Map<String, Object> build(String issuer, String baseUrl, KeyAlgorithm keyAlgorithm) {
        // every endpoint where clients authenticate does so through TokenClients; only a public client cannot introspect
        List<String> methods = Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::wireName).toList();
        List<String> confidentialMethods = methods.stream()
                .filter(m -> !m.equals(ClientAuthMethod.NONE.wireName())).toList();
        List<String> signingAlgorithms = ClientAssertions.ALGORITHMS.stream().map(JWSAlgorithm::getName).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", baseUrl + "/oauth2/authorize");
        m.put("token_endpoint", baseUrl + "/oauth2/token");
        m.put("userinfo_endpoint", baseUrl + "/oauth2/userinfo");
        m.put("jwks_uri", baseUrl + "/.well-known/jwks.json");
        m.put("end_session_endpoint", baseUrl + "/oauth2/logout");
        m.put("device_authorization_endpoint", baseUrl + "/oauth2/device_authorization");
        m.put("introspection_endpoint", baseUrl + "/oauth2/introspect");
        m.put("introspection_endpoint_auth_methods_supported", confidentialMethods);
        m.put("introspection_endpoint_auth_signing_alg_values_supported", signingAlgorithms);
        m.put("revocation_endpoint", baseUrl + "/oauth2/revoke");
        m.put("revocation_endpoint_auth_methods_supported", methods);
        m.put("revocation_endpoint_auth_signing_alg_values_supported", signingAlgorithms);
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", Arrays.stream(GrantType.values()).map(GrantType::wireName).toList());
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", List.of(KeyMaterial.jwsAlgorithm(keyAlgorithm).getName()));
        m.put("token_endpoint_auth_methods_supported", methods);
        m.put("token_endpoint_auth_signing_alg_values_supported", signingAlgorithms);
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("scopes_supported", OidcScopes.STANDARD);
        m.put("claims_supported", OidcScopes.CLAIMS);
        m.put("prompt_values_supported", List.of("none", "login", "consent"));
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("backchannel_logout_supported", true);
        m.put("backchannel_logout_session_supported", true);
        m.put("gatehouse_login_endpoint", baseUrl + "/v1/login");
        m.put("gatehouse_refresh_endpoint", baseUrl + "/v1/refresh");
        m.put("gatehouse_revocations_endpoint", baseUrl + "/v1/revocations");
        m.put("gatehouse_revocations_stream_endpoint", baseUrl + "/v1/revocations/stream");
        return Collections.unmodifiableMap(m);
    }
}
