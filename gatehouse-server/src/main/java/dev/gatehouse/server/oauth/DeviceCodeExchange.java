package dev.gatehouse.server.oauth;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.DeviceAuthorizations;
import dev.gatehouse.core.oidc.DeviceAuthorizations.Poll;
import dev.gatehouse.core.oidc.DeviceGrant;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4): the device
 * polls; each outcome of {@link DeviceAuthorizations#poll} has its answer (§3.5). Once approved,
 * the grant belongs to the browser session that approved it, as a code grant does.
 */
final class DeviceCodeExchange {

    private final DeviceAuthorizations devices;
    private final GrantIssuer issuer;

    DeviceCodeExchange(DeviceAuthorizations devices, GrantIssuer issuer) {
        this.devices = devices;
        this.issuer = issuer;
    }

    void exchange(ServerResponse res, Client client, Map<String, String> form) {
        String deviceCode = OAuthExchange.required(form, "device_code");
        switch (devices.poll(deviceCode, client.id())) {
            case Poll.Pending p -> throw new OAuthError(OAuthErrorCode.AUTHORIZATION_PENDING,
                    "the authorization has not been decided yet");
            case Poll.SlowDown s -> throw new OAuthError(OAuthErrorCode.SLOW_DOWN, "poll at most every "
                    + DeviceAuthorizations.INTERVAL.toSeconds() + " seconds");
            case Poll.Denied d -> throw new OAuthError(OAuthErrorCode.ACCESS_DENIED, "the authorization was denied");
            case Poll.Expired e -> throw new OAuthError(OAuthErrorCode.EXPIRED_TOKEN, "the device code has expired");
            case Poll.Invalid i -> throw new OAuthError(OAuthErrorCode.INVALID_GRANT,
                    "the device code is unknown, of another client, or was used already");
            case Poll.Approved approved -> {
                DeviceGrant grant = approved.grant();
                issuer.issue(res, client, grant.accountId(), grant.sessionId(), grant.scope(), null, null);
            }
        }
    }
}
