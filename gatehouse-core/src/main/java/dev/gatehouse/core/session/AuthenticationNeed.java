package dev.gatehouse.core.session;

import java.time.Duration;
import java.time.Instant;

/**
 * What a route or an action demands of the session that asks: two factors, an authentication
 * no older than a bound, or both. The one rule forward auth, the pages' step-up and the sensitive
 * account and admin actions all apply.
 *
 * @param multiFactor whether two factors must have been proved
 * @param maxAge      how long ago the latest authentication may be, or null for any time
 */
public record AuthenticationNeed(boolean multiFactor, Duration maxAge) {

    /** No demand beyond a live session. */
    public static final AuthenticationNeed NONE = new AuthenticationNeed(false, null);

    public AuthenticationNeed {
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("a maximum age is not negative, got " + maxAge);
        }
    }

    /** Two factors, at any time. */
    public static AuthenticationNeed twoFactors() {
        return new AuthenticationNeed(true, null);
    }

    /** An authentication no older than {@code maxAge}. */
    public static AuthenticationNeed recent(Duration maxAge) {
        return new AuthenticationNeed(false, maxAge);
    }

    /** This need, and two factors as well. */
    public AuthenticationNeed andTwoFactors() {
        return new AuthenticationNeed(true, maxAge);
    }

    /** Whether a session that proved {@code proof} meets this need at {@code now}. */
    public boolean isMetBy(Authentications proof, Instant now) {
        return (!multiFactor || proof.isMultiFactor()) && isRecentEnough(proof, now);
    }

    /**
     * What is left to prove for a session that proved {@code proof}: a second factor only when it
     * has not proved two, and the age bound as it is (any new proof is recent). A two-factor
     * session that has grown too old is asked for a fresh authentication, not for a second
     * factor it has.
     */
    public AuthenticationNeed shortfall(Authentications proof) {
        return new AuthenticationNeed(multiFactor && !proof.isMultiFactor(), maxAge);
    }

    /** Whether the latest authentication is within {@link #maxAge()} at {@code now} (always, without one). */
    public boolean isRecentEnough(Authentications proof, Instant now) {
        return maxAge == null || !proof.authTime().plus(maxAge).isBefore(now);
    }
}
