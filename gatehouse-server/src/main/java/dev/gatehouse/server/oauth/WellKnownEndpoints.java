package dev.gatehouse.server.oauth;

import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /.well-known/jwks.json} (public signing keys, cacheable for the announced lifetime)
 * and {@code GET /.well-known/oauth-authorization-server} (RFC 8414 metadata), which is also
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery): one document,
 * {@link ProviderMetadata}.
 */
public final class WellKnownEndpoints {

    private final SigningKeys keys;
    private final Duration jwksCacheLifetime;
    private final Map<String, Object> metadata;

    public WellKnownEndpoints(SigningKeys keys, Duration jwksCacheLifetime, String issuer, String baseUrl,
                              KeyAlgorithm keyAlgorithm) {
        this.keys = keys;
        this.jwksCacheLifetime = jwksCacheLifetime;
        this.metadata = ProviderMetadata.build(issuer, baseUrl, keyAlgorithm);
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
