package dev.gatehouse.core.session;

import java.time.Duration;

/**
 * How long sessions live.
 *
 * @param idleTimeout     a session unused for this long ends (sliding)
 * @param absoluteTimeout a session ends this long after sign-in, however active
 * @param touchInterval   last-used is written at most once per this interval, so that a busy
 *                        session does not cost a store write per request; the idle deadline is
 *                        therefore exact to within this interval
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteTimeout, Duration touchInterval) {

    public SessionPolicy {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("absolute timeout must not be shorter than the idle timeout");
        }
        if (touchInterval.isNegative() || touchInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("touch interval must be 0 or more and shorter than the idle timeout");
        }
    }

    public static SessionPolicy defaults() {
        return new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1));
    }
}
