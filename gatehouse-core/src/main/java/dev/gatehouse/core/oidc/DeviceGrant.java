package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One device authorization (RFC 8628): a device shows {@link #userCode()} and polls with the
 * device code, of which only the SHA-256 is kept, while its owner approves it on {@code /device}.
 *
 * @param deviceCodeHash SHA-256 (hex) of the device code
 * @param userCode       what the person types, normalised (upper case, no separator)
 * @param clientId       the device's client
 * @param scope          the scopes asked for, space-separated
 * @param createdAt      when it was asked for
 * @param expiresAt      when both codes stop working
 * @param status         where it stands
 * @param accountId      who approved or denied it, or null while pending
 * @param sessionId      the browser session that approved it (the grant's parent), or null
 * @param lastPolledAt   the device's last poll, or null before the first
 */
public record DeviceGrant(String deviceCodeHash, String userCode, String clientId, String scope, Instant createdAt,
                          Instant expiresAt, Status status, String accountId, String sessionId, Instant lastPolledAt) {

    public enum Status { PENDING, APPROVED, DENIED, REDEEMED }

    public DeviceGrant {
        Objects.requireNonNull(deviceCodeHash, "deviceCodeHash");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(clientId, "clientId");
        scope = scope == null ? "" : scope;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A user code as typed, in the form it is stored and looked up in: upper case, without the
     * dash it is shown with or any spaces; null when what was typed cannot be a user code.
     */
    public static String normaliseUserCode(String typed) {
        if (typed == null || typed.length() > 32) {
            return null;
        }
        String code = typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        return code.matches("[A-Z]{8}") ? code : null;
    }

    /** The user code as shown: two groups of four letters ({@code WDJB-MJHT}). */
    public static String displayUserCode(String normalised) {
        return normalised.substring(0, 4) + "-" + normalised.substring(4);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
