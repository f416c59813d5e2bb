package dev.gatehouse.core.throttle;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.account.Username;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.throttle.AttemptCounter.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Slows password guessing with three limits, all counted in the shared {@link AttemptCounter}
 * (so they hold across nodes) and all checked before the password is hashed (so a refused
 * guess costs no hashing either). A client is a {@link ClientKey}: an IPv4 address or an IPv6 /64.
 *
 * <ol>
 * <li><b>Per account and client</b>: at most {@link SignInLimits#perAccountAndAddress()} attempts in
 * a window; a success clears the count. Slows one guesser without touching the owner elsewhere.
 * <li><b>Per account, from every client</b>: past {@link SignInLimits#accountLockAfter()} attempts
 * in a window the account is <em>locked for a while</em>: every sign-in to it is refused, the right
 * password from a fresh address included, for {@link SignInLimits#firstLock()}, then twice as long
 * at each further lock within a day, never longer than {@link SignInLimits#maxLock()}. This stops
 * guessing spread over many addresses (a botnet, an IPv6 range), which limit 1 cannot see.
 * <li><b>Per client, over every account</b>: past {@link SignInLimits#addressFailures()} failed
 * sign-ins in an hour the client is refused until the hour ends. This stops password spraying
 * (one password tried on many accounts). Only failures count, and the default is far above what
 * an office behind one NAT produces, so its people keep signing in.
 * </ol>
 *
 * <p><b>Why the owner is not locked out for long.</b> Any lock an attacker can cause is one the
 * owner suffers, so no lock here is permanent: a lock ends by itself after at most
 * {@code maxLock}; attempts refused during it are not counted and do not prolong it; after it,
 * the count starts again from zero, so an attacker must keep guessing (visibly, in the audit log
 * and the metrics) to cause the next one, and gets only {@code accountLockAfter} guesses per lock
 * for it. Once the guessing stops, the owner waits at most {@code maxLock}. Locking the account
 * for good stays an administrator's decision ({@link Accounts#lock}).
 *
 * <p>Each limit writes one {@link AuditType#SIGN_IN_THROTTLED} event per episode (a lock, or a
 * window in which a limit was reached), never one per refused guess, so guessing cannot flood the
 * audit log. Keys hold a hash of the user name, never the name itself.
 */
public final class SignInThrottle {

    /** No throttling. */
    public static final SignInThrottle NONE = new SignInThrottle(null, SignInLimits.NONE, null, Clock.systemUTC(),
            limit -> { });

    /** How long a run of locks is remembered: each lock within it lasts twice as long as the one before. */
    private static final Duration LOCK_MEMORY = Duration.ofDays(1);

    /** Which limit refused an attempt. */
    public enum Limit {
        /** Too many attempts on one account from one client. */
        ACCOUNT_AND_ADDRESS,
        /** The account is locked for a while after too many attempts from all clients. */
        ACCOUNT,
        /** Too many failed sign-ins from one client over all accounts. */
        ADDRESS
    }

    private final AttemptCounter counter;
    private final SignInLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<Limit> onRefused;

    /**
     * @param onRefused called once per refused attempt with the limit that refused it, on the
     *                  attempting thread, for example for metrics ({@code limit -> { }} for none)
     */
    public SignInThrottle(AttemptCounter counter, SignInLimits limits, AuditLog audit, Clock clock,
                          Consumer<Limit> onRefused) {
        this.counter = counter;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
    }

    /**
     * Counts an attempt, before its password is checked.
     *
     * @param usernameKey the {@link Username#key} of the name given
     * @param username    the name as given (cut to length), for the audit log
     * @param client      the {@link ClientKey} of the client
     * @throws BusyException {@code too_many_attempts} (HTTP 429) when a limit refuses it
     */
    public void attempt(String usernameKey, String username, String client) {
        Instant now = clock.instant();
        String account = Secrets.sha256Hex(usernameKey).substring(0, 32);
        if (limits.accountLockAfter() > 0) {
            Window lock = counter.current(lockKey(account), now).orElse(null);
            if (lock != null) {
                throw refused(Limit.ACCOUNT, lock.endsAt(), now);
            }
        }
        if (limits.addressFailures() > 0) {
            Window failures = counter.current(addressKey(client), now).orElse(null);
            if (failures != null && failures.count() >= limits.addressFailures()) {
                throw refused(Limit.ADDRESS, failures.endsAt(), now);
            }
        }
        if (limits.perAccountAndAddress() > 0) {
            long n = counter.increment(accountAndAddressKey(account, client), limits.window(), now);
            if (n > limits.perAccountAndAddress()) {
                if (n == limits.perAccountAndAddress() + 1L) {
                    audit(now, username, client, "account_and_address: " + limits.perAccountAndAddress()
                            + " attempts in " + limits.window().toSeconds() + "s");
                }
                onRefused.accept(Limit.ACCOUNT_AND_ADDRESS);
                throw tooMany(limits.window());
            }
        }
        if (limits.accountLockAfter() > 0) {
            long n = counter.increment(accountKey(account), limits.window(), now);
            if (n > limits.accountLockAfter()) {
                // of attempts racing past the limit, exactly one sees limit + 1 and starts the lock
                Duration lock = n == limits.accountLockAfter() + 1L ? lock(account, username, client, now) : limits.firstLock();
                onRefused.accept(Limit.ACCOUNT);
                throw tooMany(lock);
            }
        }
    }

    /** Clears the counts of an account after a successful sign-in (a lock in force stays). */
    public void succeeded(String usernameKey, String client) {
        String account = Secrets.sha256Hex(usernameKey).substring(0, 32);
        if (limits.perAccountAndAddress() > 0) {
            counter.reset(accountAndAddressKey(account, client));
        }
        if (limits.accountLockAfter() > 0) {
            counter.reset(accountKey(account));
        }
    }

    /** Counts a wrong password (or unknown name) from a client, for the limit over all accounts. */
    public void failed(String client) {
        if (limits.addressFailures() == 0) {
            return;
        }
        Instant now = clock.instant();
        if (counter.increment(addressKey(client), SignInLimits.ADDRESS_WINDOW, now) == limits.addressFailures()) {
            audit(now, null, client, "address: " + limits.addressFailures() + " failed sign-ins in "
                    + SignInLimits.ADDRESS_WINDOW.toSeconds() + "s");
        }
    }

    /** Starts a lock twice as long as the previous one within a day, and counts the account's attempts anew. */
    private Duration lock(String account, String username, String client, Instant now) {
        long previous = counter.increment(lockRunKey(account), LOCK_MEMORY, now) - 1;
        Duration length = limits.firstLock().multipliedBy(1L << Math.min(previous, 20));
        if (length.compareTo(limits.maxLock()) > 0) {
            length = limits.maxLock();
        }
        counter.increment(lockKey(account), length, now);
        counter.reset(accountKey(account));
        audit(now, username, client, "account: locked for " + length.toSeconds() + "s after "
                + limits.accountLockAfter() + " attempts in " + limits.window().toSeconds() + "s");
        return length;
    }

    private BusyException refused(Limit limit, Instant endsAt, Instant now) {
        onRefused.accept(limit);
        // whole seconds, rounded up: a client that waits as told is not refused again
        return tooMany(Duration.between(now, endsAt).plus(Duration.ofMillis(999)).truncatedTo(ChronoUnit.SECONDS));
    }

    private static BusyException tooMany(Duration retryAfter) {
        return new BusyException(ErrorCode.TOO_MANY_ATTEMPTS, "too many sign-in attempts; try again later", retryAfter);
    }

    private void audit(Instant now, String username, String client, String detail) {
        audit.append(AuditEvent.of(now.truncatedTo(ChronoUnit.MILLIS), AuditType.SIGN_IN_THROTTLED, null, username,
                null, client, detail));
    }

    private static String accountAndAddressKey(String account, String client) {
        return "signin:" + account + ":" + client;
    }

    private static String accountKey(String account) {
        return "signin-account:" + account;
    }

    private static String lockKey(String account) {
        return "signin-lock:" + account;
    }

    private static String lockRunKey(String account) {
        return "signin-locks:" + account;
    }

    private static String addressKey(String client) {
        return "signin-address:" + client;
    }
}
