package dev.gatehouse.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage port for throttling: counts attempts per key (an account, an address) in fixed windows.
 *
 * <p>A window opens with the first attempt after the previous one ended and lasts exactly
 * {@code window}; later attempts inside it do not extend it. So with a limit of five per
 * minute, a sixth attempt in the same minute is seen as the sixth, and the first attempt a
 * minute after the window opened starts counting from one again.
 *
 * <p>Every call is one atomic operation: of many nodes incrementing the same key at once, each
 * sees a different count. Keys are not secrets but may name a user or an address; stores keep
 * them only as long as their window.
 */
public interface AttemptCounter {

    /** The longest window a store must support. */
    Duration MAX_WINDOW = Duration.ofDays(1);

    /**
     * Counts one attempt.
     *
     * @param key    what is being throttled, for example {@code login:acc-123}; not blank
     * @param window how long a window lasts; positive, at most a day
     * @param now    the time of the attempt
     * @return the attempts in the current window, this one included (1 for the first)
     * @throws IllegalArgumentException for a blank key or a window outside its range
     */
    long increment(String key, Duration window, Instant now);

    /**
     * The window of a key open at {@code now}, without counting an attempt: for limits that are
     * checked before the work and counted after it (failures only), and for temporary locks
     * (a window whose existence is the lock).
     *
     * @return the window, or empty when none is open at {@code now} (never opened, ended, reset)
     */
    Optional<Window> current(String key, Instant now);

    /** Forgets the attempts of a key, for example after a successful sign-in. */
    void reset(String key);

    /**
     * Deletes windows that ended before {@code now}, for stores that do not expire them by
     * themselves; called by periodic maintenance, never on a request.
     *
     * @return how many were deleted
     */
    default int deleteEnded(Instant now) {
        return 0;
    }

    /**
     * An open window.
     *
     * @param count  attempts counted in it, at least 1
     * @param endsAt when it ends (exclusive), with the store's millisecond precision
     */
    record Window(long count, Instant endsAt) {
    }

    /** Refuses what no store can honour, the same way in every store. */
    static void check(String key, Duration window) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an attempt key must not be blank");
        }
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("an attempt window must be positive and at most "
                    + MAX_WINDOW.toHours() + " hours, got " + window);
        }
    }
}
