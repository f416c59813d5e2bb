package dev.gatehouse.core.throttle;

import java.time.Duration;

/**
 * The limits {@link SignInThrottle} applies; a count of 0 turns that limit off.
 *
 * @param perAccountAndAddress attempts per account from one client (address or IPv6 /64) per {@code window}
 * @param window               the window of both attempt counts
 * @param accountLockAfter     attempts per account from all clients together per {@code window}, beyond
 *                             which the account is locked for a while
 * @param firstLock            how long the first lock lasts; each further lock within a day lasts twice
 *                             as long as the one before
 * @param maxLock              the longest a lock lasts
 * @param addressFailures      failed sign-ins per client over all accounts per hour, beyond which the
 *                             client is refused until the hour ends
 */
public record SignInLimits(int perAccountAndAddress, Duration window, int accountLockAfter, Duration firstLock,
                           Duration maxLock, int addressFailures) {

    /** The window of {@code addressFailures}. */
    public static final Duration ADDRESS_WINDOW = Duration.ofHours(1);

    /** Every limit off. */
    public static final SignInLimits NONE = new SignInLimits(0, Duration.ofMinutes(1), 0, Duration.ofMinutes(1),
            Duration.ofMinutes(1), 0);

    /** The defaults of the server's settings. */
    public static final SignInLimits DEFAULTS = new SignInLimits(10, Duration.ofMinutes(15), 20, Duration.ofMinutes(1),
            Duration.ofMinutes(15), 300);

    public SignInLimits {
        if (perAccountAndAddress < 0 || accountLockAfter < 0 || addressFailures < 0) {
            throw new IllegalArgumentException("sign-in limits must be 0 (off) or more");
        }
        for (Duration d : new Duration[] {window, firstLock, maxLock}) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(AttemptCounter.MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("sign-in windows and locks must be positive and at most a day, got " + d);
            }
        }
        if (firstLock.compareTo(maxLock) > 0) {
            throw new IllegalArgumentException("the first lock (" + firstLock + ") must not be longer than the longest ("
                    + maxLock + ")");
        }
    }
}
