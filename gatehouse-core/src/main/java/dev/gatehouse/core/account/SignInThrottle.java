package dev.gatehouse.core.account;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Clock;
import java.time.Duration;

/**
 * Slows password guessing: at most {@code limit} sign-in attempts per account and client address
 * in a window; a success clears the count. Counting happens before the password hash, so refused
 * guesses cost no hashing either. (Spraying one password over many accounts from one address is
 * not limited here: counting every attempt per address would also stop an office behind one NAT.)
 *
 * <p>Counting per account <em>and</em> address means a guesser cannot lock the real owner out
 * from another address. Keys hold a hash of the user name, never the name itself.
 */
public final class SignInThrottle {

    /** No throttling. */
    public static final SignInThrottle NONE = new SignInThrottle(null, 0, Duration.ofMinutes(1), Clock.systemUTC());

    private final AttemptCounter counter;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    /** @param limit attempts per account and address per window; 0 turns throttling off */
    public SignInThrottle(AttemptCounter counter, int limit, Duration window, Clock clock) {
        this.counter = counter;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts an attempt.
     *
     * @throws BusyException {@code too_many_attempts} (HTTP 429) when over the limit
     */
    public void attempt(String usernameKey, String ip) {
        if (limit == 0) {
            return;
        }
        if (counter.increment(accountKey(usernameKey, ip), window, clock.instant()) > limit) {
            throw new BusyException("too_many_attempts", "too many sign-in attempts; try again later", window);
        }
    }

    /** Clears the count of an account at an address after a successful sign-in. */
    public void succeeded(String usernameKey, String ip) {
        if (limit != 0) {
            counter.reset(accountKey(usernameKey, ip));
        }
    }

    private static String accountKey(String usernameKey, String ip) {
        return "signin:" + Secrets.sha256Hex(usernameKey).substring(0, 32) + ":" + ip;
    }
}
