package dev.gatehouse.core.account;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.throttle.ClientKey;
import dev.gatehouse.core.throttle.SignInThrottle;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * Creates, finds, locks and authenticates accounts.
 *
 * <p>Authentication does not reveal whether a name exists: an unknown name is verified against a
 * dummy hash of the same cost, and every failure has the same code and message.
 */
public final class Accounts {

    private final AccountStore store;
    private final Sessions sessions;
    private final AuditLog audit;
    private final PasswordHashing hashing;
    private final Clock clock;
    /** A hash of the configured cost to verify unknown names against; made in the background at start. */
    private final CompletableFuture<String> dummyHash;
    private final SignInThrottle throttle;

    public Accounts(AccountStore store, Sessions sessions, AuditLog audit,
                          PasswordHashing hashing, Clock clock) {
        this(store, sessions, audit, hashing, SignInThrottle.NONE, clock);
    }

    public Accounts(AccountStore store, Sessions sessions, AuditLog audit,
                          PasswordHashing hashing, SignInThrottle throttle, Clock clock) {
        this.throttle = throttle;
        this.store = store;
        this.sessions = sessions;
        this.audit = audit;
        this.hashing = hashing;
        this.clock = clock;
        // About a third of start-up if done inline; the first sign-in waits for it if it must.
        this.dummyHash = CompletableFuture.supplyAsync(() -> hashing.hasher().hash(Secrets.randomToken(16)),
                runnable -> Thread.ofVirtual().name("gatehouse-dummy-hash").start(runnable));
    }

    /**
     * Creates an account after checking the name and the password.
     *
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_username} or {@code weak_password}
     * @throws dev.gatehouse.core.error.ConflictException     {@code account_exists}
     */
    public Account create(String username, String password, boolean admin) {
        String display = Username.validate(username);
        PasswordPolicy.check(password, display);
        Instant now = now();
        Account account = new Account(Secrets.randomToken(12), display, Username.key(display),
                hashing.hash(password), admin ? Set.of(Account.ADMIN_ROLE) : Set.of(), false, now);
        store.create(account);
        audit.append(AuditEvent.of(now, AuditType.ACCOUNT_CREATED, account.id(), display, null, null,
                admin ? "admin" : null));
        return account;
    }

    public List<Account> list() {
        return store.list();
    }

    public Optional<Account> findById(String id) {
        return store.findById(id);
    }

    /** @throws NotFoundException {@code account_not_found} */
    public Account get(String username) {
        return store.findByUsernameKey(Username.key(username))
                .orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, "no account with this username"));
    }

    /** Locks an account and ends all its sessions. Locking a locked account changes nothing. */
    public Account lock(String username) {
        Account account = get(username);
        store.setLocked(account.id(), true);
        sessions.revokeAll(account.id(), RevokeReason.ACCOUNT_LOCKED);
        if (!account.locked()) {
            audit.append(AuditEvent.of(now(), AuditType.ACCOUNT_LOCKED, account.id(), account.username(),
                    null, null, null));
        }
        return account.withLocked(true);
    }

    public Account unlock(String username) {
        Account account = get(username);
        if (account.locked()) {
            store.setLocked(account.id(), false);
            audit.append(AuditEvent.of(now(), AuditType.ACCOUNT_UNLOCKED, account.id(), account.username(),
                    null, null, null));
        }
        return account.withLocked(false);
    }

    /**
     * Changes the password of a signed-in account after checking the current one, and ends
     * every session of the account, so a thief who knew the old password is out.
     *
     * The check of the current password is throttled like a sign-in from {@code ip}, so a stolen
     * session cannot be used to guess the password at the hashing pool's pace.
     *
     * @throws NotAuthenticatedException {@code invalid_credentials} when the current password is wrong
     * @throws dev.gatehouse.core.error.BusyException {@code too_many_attempts} past the throttle's limit
     */
    public void changePassword(String accountId, String currentPassword, String newPassword, String ip) {
        Account account = store.findById(accountId)
                .orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, "no such account"));
        String client = ClientKey.of(ip);
        throttle.attempt(account.usernameKey(), account.username(), client);
        if (!hashing.verify(currentPassword == null ? "" : currentPassword, account.passwordHash(), client)) {
            throttle.failed(client);
            throw new NotAuthenticatedException(ErrorCode.INVALID_CREDENTIALS, "the current password is wrong");
        }
        throttle.succeeded(account.usernameKey(), client);
        replacePassword(account, newPassword, "changed");
    }

    /** Sets a new password (an administrator's reset) and ends every session of the account. */
    public void resetPassword(String username, String newPassword) {
        replacePassword(get(username), newPassword, "reset");
    }

    private void replacePassword(Account account, String newPassword, String how) {
        PasswordPolicy.check(newPassword, account.username());
        store.updatePasswordHash(account.id(), hashing.hash(newPassword));
        sessions.revokeAll(account.id(), RevokeReason.PASSWORD_CHANGED);
        audit.append(AuditEvent.of(now(), AuditType.PASSWORD_CHANGED, account.id(), account.username(), null, null, how));
    }

    /**
     * Checks a name and password.
     *
     * @param ip the client address, for the audit log, the throttle and a fair share of the hashing pool
     * @throws NotAuthenticatedException {@code invalid_credentials} for an unknown name or a wrong
     *                                   password alike, {@code account_locked} for a right password
     *                                   on a locked account
     * @throws dev.gatehouse.core.error.BusyException {@code too_many_attempts} past a limit of the throttle,
     *                                   {@code busy} when the hashing pool or this client's share of it is full
     */
    public Account authenticate(String username, String password, String ip) {
        String usernameKey = Username.key(username);
        String client = ClientKey.of(ip);
        throttle.attempt(usernameKey, truncate(username), client);
        Optional<Account> found = store.findByUsernameKey(usernameKey);
        boolean matches = hashing.verify(password == null ? "" : password,
                found.map(Account::passwordHash).orElseGet(dummyHash::join), client);
        Instant now = now();
        if (found.isEmpty() || !matches) {
            throttle.failed(client);
            audit.append(AuditEvent.of(now, AuditType.SIGN_IN_FAILED, found.map(Account::id).orElse(null),
                    truncate(username), null, ip, ErrorCode.INVALID_CREDENTIALS.code()));
            throw new NotAuthenticatedException(ErrorCode.INVALID_CREDENTIALS, "the username or password is wrong");
        }
        Account account = found.get();
        if (account.locked()) {
            audit.append(AuditEvent.of(now, AuditType.SIGN_IN_FAILED, account.id(), account.username(), null, ip,
                    ErrorCode.ACCOUNT_LOCKED.code()));
            throw new NotAuthenticatedException(ErrorCode.ACCOUNT_LOCKED, "this account is locked");
        }
        if (hashing.hasher().needsRehash(account.passwordHash())) {
            String upgraded = hashing.hash(password, client);
            store.updatePasswordHash(account.id(), upgraded);
            audit.append(AuditEvent.of(now, AuditType.PASSWORD_REHASHED, account.id(), account.username(), null, ip,
                    null));
            account = account.withPasswordHash(upgraded);
        }
        throttle.succeeded(usernameKey, client);
        return account;
    }

    private static String truncate(String username) {
        if (username == null) {
            return null;
        }
        return username.codePointCount(0, username.length()) > Username.MAX_LENGTH
                ? username.substring(0, username.offsetByCodePoints(0, Username.MAX_LENGTH))
                : username;
    }

    /** Stores keep milliseconds; so does everything that is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
