package dev.gatehouse.core.session;

import java.time.Duration;

/**
 * How long sessions live, and how many an account may hold.
 *
 * @param idleTimeout     a session unused for this long ends (sliding)
 * @param absoluteTimeout a session ends this long after sign-in, however active
 * @param touchInterval   last-used is written at most once per this interval, so that a busy
 *                        session does not cost a store write per request; the idle deadline is
 *                        therefore exact to within this interval
 * @param maxPerAccount   active sessions an account may hold at once ({@value #MIN_PER_ACCOUNT} to
 *                        {@value #MAX_PER_ACCOUNT}); a sign-in beyond it ends the oldest, so that
 *                        neither a script signing in in a loop nor a stolen password can make an
 *                        account's list, or the store, grow without bound
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteTimeout, Duration touchInterval, int maxPerAccount) {

    /**
     * A person's phones, laptops and browsers, plus a few apps and scripts holding refresh
     * tokens, stay far below it; sessions idle out after 30 minutes anyway, so reaching it takes
     * 50 sign-ins that each stay in use. It is also the default page of a session list, so a client
     * that does not page still sees every session.
     */
    public static final int DEFAULT_MAX_PER_ACCOUNT = 50;
    public static final int MIN_PER_ACCOUNT = 1;
    /** Every sign-in reads up to this many sessions of the account to find the oldest. */
    public static final int MAX_PER_ACCOUNT = 1000;

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
        if (maxPerAccount < MIN_PER_ACCOUNT || maxPerAccount > MAX_PER_ACCOUNT) {
            throw new IllegalArgumentException("sessions per account must be from " + MIN_PER_ACCOUNT + " to "
                    + MAX_PER_ACCOUNT + ", not " + maxPerAccount);
        }
    }

    /** A policy with the default limit of sessions per account. */
    public SessionPolicy(Duration idleTimeout, Duration absoluteTimeout, Duration touchInterval) {
        this(idleTimeout, absoluteTimeout, touchInterval, DEFAULT_MAX_PER_ACCOUNT);
    }

    public static SessionPolicy defaults() {
        return new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1));
    }
}
