package dev.gatehouse.server.oauth;

import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/jwks.json} (public signing keys, cacheable for the announced lifetime)
 * and {@code GET /.well-known/oauth-authorization-server} (RFC 8414 metadata).
 */
public final class WellKnownEndpoints {

    private final SigningKeys keys;
    private final Duration jwksCacheLifetime;
    private final Map<String, Object> metadata;

    public WellKnownEndpoints(SigningKeys keys, Duration jwksCacheLifetime, String issuer, String baseUrl) {
        this.keys = keys;
        this.jwksCacheLifetime = jwksCacheLifetime;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("jwks_uri", baseUrl + "/.well-known/jwks.json");
        m.put("token_endpoint", baseUrl + "/oauth2/token");
        m.put("token_endpoint_auth_methods_supported", List.of("none"));
        m.put("grant_types_supported", List.of("refresh_token"));
        m.put("response_types_supported", List.of());
        m.put("introspection_endpoint", baseUrl + "/oauth2/introspect");
        m.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("revocation_endpoint", baseUrl + "/oauth2/revoke");
        m.put("revocation_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post"));
        m.put("gatehouse_login_endpoint", baseUrl + "/v1/login");
        m.put("gatehouse_refresh_endpoint", baseUrl + "/v1/refresh");
        m.put("gatehouse_revocations_endpoint", baseUrl + "/v1/revocations");
        m.put("gatehouse_revocations_stream_endpoint", baseUrl + "/v1/revocations/stream");
        this.metadata = m;
    }

    public void jwks(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        // A node re-reads the key list every few seconds, so it may publish a new key that much later than
        // the node that made it; announcing a shorter lifetime keeps "published one lifetime before it signs".
        long maxAge = Math.max(0, jwksCacheLifetime.minus(SigningKeys.STORE_REFRESH).toSeconds());
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=" + maxAge);
        res.status(Status.OK_200).send(keys.jwks().getBytes(StandardCharsets.UTF_8));
    }

    public void metadata(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, metadata);
    }
}
