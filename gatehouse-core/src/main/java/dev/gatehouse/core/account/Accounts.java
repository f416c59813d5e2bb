package dev.gatehouse.core.account;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
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
import java.util.TreeSet;

/**
 * Creates, finds, searches, locks and authenticates accounts, and the other changes an
 * administrator makes to them (password reset, roles, ending their sessions).
 *
 * <p>Every administrative change takes the {@link Actor} who makes it and names them in its audit
 * event; the overloads without one are the command line's ({@link Actor#COMMAND_LINE}). An
 * administrator cannot lock their own account or take away their own admin role
 * ({@code self_lockout}), so the last administrator cannot shut everyone out by a slip.
 *
 * <p>Authentication does not reveal whether a name exists: an unknown name is verified against a
 * dummy hash of the same cost, and every failure has the same code and message.
 */
public final class Accounts {

    /** The largest page {@link #search} returns. */
    public static final int MAX_PAGE = 100;

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

    /** Creates an account from the command line; see {@link #create(String, String, boolean, Actor)}. */
    public Account create(String username, String password, boolean admin) {
        return create(username, password, admin, Actor.COMMAND_LINE);
    }

    /**
     * Creates an account after checking the name and the password.
     *
     * @param by who creates it, named in the audit event
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_username} or {@code weak_password}
     * @throws dev.gatehouse.core.error.ConflictException     {@code account_exists}
     */
    public Account create(String username, String password, boolean admin, Actor by) {
        String display = Username.validate(username);
        PasswordPolicy.check(password, display);
        Instant now = now();
        Account account = new Account(Secrets.randomToken(12), display, Username.key(display),
                hashing.hash(password), admin ? Set.of(Account.ADMIN_ROLE) : Set.of(), false, now);
        store.create(account);
        audit.append(AuditEvent.of(now, AuditType.ACCOUNT_CREATED, account.id(), display, null, null,
                admin ? "admin" : null).by(by));
        return account;
    }

    /** Every account, ordered by username key. For the command line; the admin API pages with {@link #search}. */
    public List<Account> list() {
        return store.list();
    }

    /**
     * One page of the accounts whose name starts with {@code query}, ordered by name.
     *
     * <p>The query matches the start of the comparison form of names ({@link Username#key}), so
     * {@code "AL"} finds {@code alice} and {@code Albert}. A prefix, not a substring: the stores
     * answer it from their unique index on that key, so a search costs the same with a million
     * accounts; a substring would scan them all.
     *
     * @param query  the start of a name; null or blank for every account
     * @param cursor the {@link AccountPage#next()} of the previous page, or null for the first
     * @param limit  1 to {@value #MAX_PAGE}
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_cursor} for a cursor
     *         this method did not hand out, {@code invalid_parameter} for a limit out of range or
     *         a query longer than any name
     */
    public AccountPage search(String query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "limit must be 1 to " + MAX_PAGE);
        }
        String prefix = Username.key(query);
        if (prefix.codePointCount(0, prefix.length()) > Username.MAX_LENGTH) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "a search has at most "
                    + Username.MAX_LENGTH + " characters");
        }
        List<Account> found = store.search(prefix, cursor == null ? null : AccountCursor.decode(cursor), limit + 1);
        if (found.size() <= limit) {
            return new AccountPage(found, null);
        }
        List<Account> page = found.subList(0, limit);
        return new AccountPage(page, AccountCursor.encode(page.getLast().usernameKey()));
    }

    /** How many accounts are locked. */
    public long countLocked() {
        return store.countLocked();
    }

    public Optional<Account> findById(String id) {
        return store.findById(id);
    }

    /** @throws NotFoundException {@code account_not_found} */
    public Account get(String username) {
        return store.findByUsernameKey(Username.key(username))
                .orElseThrow(() -> new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, "no account with this username"));
    }

    /**
     * The account with this id or, failing that, this username: what an admin types or a page
     * links to.
     *
     * @throws NotFoundException {@code account_not_found}
     */
    public Account getByIdOrUsername(String idOrUsername) {
        return store.findById(idOrUsername).orElseGet(() -> get(idOrUsername));
    }

    /** Locks an account from the command line; see {@link #lock(String, Actor)}. */
    public Account lock(String username) {
        return lock(username, Actor.COMMAND_LINE);
    }

    /**
     * Locks an account and ends all its sessions. Locking a locked account ends any session
     * again and records nothing.
     *
     * @throws ConflictException {@code self_lockout} when an administrator names their own account
     */
    public Account lock(String username, Actor by) {
        Account account = get(username);
        if (by.is(account.id())) {
            throw new ConflictException(ErrorCode.SELF_LOCKOUT, "you cannot lock your own account");
        }
        store.setLocked(account.id(), true);
        sessions.revokeAll(account.id(), RevokeReason.ACCOUNT_LOCKED);
        if (!account.locked()) {
            audit.append(AuditEvent.of(now(), AuditType.ACCOUNT_LOCKED, account.id(), account.username(),
                    null, null, null).by(by));
        }
        return account.withLocked(true);
    }

    /** Unlocks an account from the command line. */
    public Account unlock(String username) {
        return unlock(username, Actor.COMMAND_LINE);
    }

    /** Unlocks an account; unlocking an unlocked one records nothing. */
    public Account unlock(String username, Actor by) {
        Account account = get(username);
        if (account.locked()) {
            store.setLocked(account.id(), false);
            audit.append(AuditEvent.of(now(), AuditType.ACCOUNT_UNLOCKED, account.id(), account.username(),
                    null, null, null).by(by));
        }
        return account.withLocked(false);
    }

    /**
     * Replaces an account's roles, the admin role included. The account's sessions stay: every
     * request reads the roles afresh, so the change applies to the next one.
     *
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_role}
     * @throws ConflictException {@code self_lockout} when an administrator takes their own admin role away
     */
    public Account setRoles(String username, Set<String> roles, Actor by) {
        Set<String> valid = Roles.validate(roles);
        Account account = get(username);
        if (by.is(account.id()) && account.isAdmin() && !valid.contains(Account.ADMIN_ROLE)) {
            throw new ConflictException(ErrorCode.SELF_LOCKOUT, "you cannot take away your own admin role");
        }
        store.setRoles(account.id(), valid);
        audit.append(AuditEvent.of(now(), AuditType.ROLES_CHANGED, account.id(), account.username(), null, null,
                String.join(",", new TreeSet<>(valid))).by(by));
        return account.withRoles(valid);
    }

    /**
     * Ends every session of an account, and every access token issued to it so far, for an
     * administrator; returns how many sessions were live.
     */
    public int revokeSessions(String username, Actor by) {
        Account account = get(username);
        int revoked = sessions.revokeAll(account.id(), RevokeReason.REVOKED_BY_ADMIN);
        audit.append(AuditEvent.of(now(), AuditType.SESSIONS_REVOKED, account.id(), account.username(), null, null,
                Integer.toString(revoked)).by(by));
        return revoked;
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
        replacePassword(account, newPassword, "changed", null);
    }

    /** Sets a new password from the command line; see {@link #resetPassword(String, String, Actor)}. */
    public void resetPassword(String username, String newPassword) {
        resetPassword(username, newPassword, Actor.COMMAND_LINE);
    }

    /**
     * Sets a new password (an administrator's reset), as a change by the account itself does:
     * checked against the password policy, then every session of the account ends and every
     * access token issued to it so far is refused.
     *
     * @return how many sessions were live
     * @throws dev.gatehouse.core.error.InvalidInputException {@code weak_password}
     */
    public int resetPassword(String username, String newPassword, Actor by) {
        return replacePassword(get(username), newPassword, "reset", by);
    }

    private int replacePassword(Account account, String newPassword, String how, Actor by) {
        PasswordPolicy.check(newPassword, account.username());
        store.updatePasswordHash(account.id(), hashing.hash(newPassword));
        int revoked = sessions.revokeAll(account.id(), RevokeReason.PASSWORD_CHANGED);
        AuditEvent event = AuditEvent.of(now(), AuditType.PASSWORD_CHANGED, account.id(), account.username(), null,
                null, how);
        audit.append(by == null ? event : event.by(by));
        return revoked;
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
