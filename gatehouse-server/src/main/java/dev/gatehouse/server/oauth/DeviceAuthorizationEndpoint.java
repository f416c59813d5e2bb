package dev.gatehouse.server.oauth;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.DeviceAuthorizations;
import dev.gatehouse.core.oidc.DeviceGrant;
import dev.gatehouse.core.oidc.OidcScopes;
import dev.gatehouse.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /oauth2/device_authorization} (RFC 8628 §3.1): a device without a browser asks
 * for a device code to poll with and a user code its owner types on {@code /device}. Public
 * clients (most devices) name themselves; confidential ones authenticate as at the token endpoint.
 */
public final class DeviceAuthorizationEndpoint extends OAuthExchange {

    /** The page where the person types the user code, below the issuer. */
    public static final String VERIFICATION_PATH = "/device";

    private final TokenClients tokenClients;
    private final DeviceAuthorizations devices;
    private final String verificationUri;
    private final Clock clock;

    DeviceAuthorizationEndpoint(TokenClients tokenClients, DeviceAuthorizations devices, String issuer, Clock clock) {
        this.tokenClients = tokenClients;
        this.devices = devices;
        this.verificationUri = issuer + VERIFICATION_PATH;
        this.clock = clock;
    }

    @Override
    void exchange(ServerRequest req, ServerResponse res, Map<String, String> form) {
        Client client = tokenClients.authenticate(req, form).orElseThrow(TokenClients::invalidClient);
        if (!client.registration().allows(GrantType.DEVICE_CODE)) {
            throw new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT, "this client is not registered for the device grant");
        }
        String scope = form.get("scope");
        if (scope != null && !OidcScopes.allowed(client.registration(), scope, true)) {
            throw new OAuthError(OAuthErrorCode.INVALID_SCOPE, "a scope asked for is not one this client may have");
        }
        DeviceAuthorizations.Started started = devices.start(client, scope == null ? "" : scope);
        String shown = DeviceGrant.displayUserCode(started.userCode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", started.deviceCode());
        body.put("user_code", shown);
        body.put("verification_uri", verificationUri);
        body.put("verification_uri_complete", verificationUri + "?user_code="
                + URLEncoder.encode(shown, StandardCharsets.UTF_8));
        body.put("expires_in", Math.max(0, Duration.between(clock.instant(), started.expiresAt()).toSeconds()));
        body.put("interval", DeviceAuthorizations.INTERVAL.toSeconds());
        Json.send(res, Status.OK_200, body);
    }
}
