package dev.gatehouse.core.oidc;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.crypto.Secrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The device's side of the device authorization grant (RFC 8628): asking for a pair of codes
 * ({@link #start}) and polling with the device code until its owner decides ({@link #poll}).
 * The person's side (typing the user code, approving) is the {@code /device} page, through
 * {@link DeviceGrantStore#decide}.
 *
 * <p>The device code is 256 random bits and only its SHA-256 is stored. The user code is eight
 * letters from a twenty-letter alphabet without vowels (no words, nothing read two ways): about
 * 2<sup>34</sup> codes, of which a handful are live at any time, and each works
 * {@link #LIFETIME}; guessing one is the page's throttle's concern.
 */
public final class DeviceAuthorizations {

    /** How long both codes work (RFC 8628 §3.2 {@code expires_in}). */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /** How long a device waits between polls (RFC 8628 §3.2 {@code interval}). */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    private static final int DEVICE_CODE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceGrantStore store;
    private final Clock clock;

    public DeviceAuthorizations(DeviceGrantStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What the device is given: the device code (secret), the user code (normalised) and when both end. */
    public record Started(String deviceCode, String userCode, Instant expiresAt) {
        @Override
        public String toString() {
            return "Started[" + userCode + "]";
        }
    }

    /** What one poll found. */
    public sealed interface Poll {
        /** Not decided yet: {@code authorization_pending}. */
        record Pending() implements Poll {
        }

        /** Polled sooner than {@link #INTERVAL} after the previous poll: {@code slow_down}. */
        record SlowDown() implements Poll {
        }

        /** The person said no: {@code access_denied}. */
        record Denied() implements Poll {
        }

        /** The codes stopped working: {@code expired_token}. */
        record Expired() implements Poll {
        }

        /** Approved, and now spent: tokens are to be issued once, for this authorization. */
        record Approved(DeviceGrant grant) implements Poll {
        }

        /** Not a device code of this server, or one whose tokens were issued already: {@code invalid_grant}. */
        record Invalid() implements Poll {
        }
    }

    /** Asks for a new pair of codes for the client. */
    public Started start(Client client, String scope) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String deviceCode = Secrets.randomToken(DEVICE_CODE_BYTES);
        Instant expiresAt = now.plus(LIFETIME);
        while (true) {
            String userCode = userCode();
            DeviceGrant grant = new DeviceGrant(Secrets.sha256Hex(deviceCode), userCode, client.id(), scope, now,
                    expiresAt, DeviceGrant.Status.PENDING, null, null, null);
            if (store.create(grant)) {
                return new Started(deviceCode, userCode, expiresAt);
            }
        }
    }

    /**
     * One poll of the device. An approved authorization is spent here, so its tokens are issued
     * once however many polls race; a client other than the one it was started for finds nothing.
     */
    public Poll poll(String deviceCode, String clientId) {
        if (deviceCode == null || deviceCode.length() > 128) {
            return new Poll.Invalid();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String hash = Secrets.sha256Hex(deviceCode);
        Optional<DeviceGrant> found = store.poll(hash, now).filter(g -> g.clientId().equals(clientId));
        if (found.isEmpty()) {
            return new Poll.Invalid();
        }
        DeviceGrant grant = found.get();
        if (grant.isExpiredAt(now)) {
            return new Poll.Expired();
        }
        if (grant.lastPolledAt() != null && now.isBefore(grant.lastPolledAt().plus(INTERVAL))) {
            return new Poll.SlowDown();
        }
        return switch (grant.status()) {
            case PENDING -> new Poll.Pending();
            case DENIED -> new Poll.Denied();
            case REDEEMED -> new Poll.Invalid();
            case APPROVED -> store.redeem(hash) ? new Poll.Approved(grant) : new Poll.Invalid();
        };
    }

    private static String userCode() {
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(USER_CODE_ALPHABET.charAt(RANDOM.nextInt(USER_CODE_ALPHABET.length())));
        }
        return code.toString();
    }
}
