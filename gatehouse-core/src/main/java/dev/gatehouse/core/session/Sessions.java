package dev.gatehouse.core.session;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.error.StoreUnavailableException;
import dev.gatehouse.core.revocation.Revocations;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Starts, checks, lists and ends sessions.
 *
 * <p>A session is proved by a 256-bit random token. Only its SHA-256 is stored, so a leak of the
 * store does not leak usable tokens, and a lookup by hash is an ordinary indexed read (a
 * timing side channel on the index reveals nothing useful about a hash of a random value).
 * Every sign-in gets a new token, so a token planted before sign-in is worthless after it.
 *
 * <p>An account holds at most {@link SessionPolicy#maxPerAccount()} active sessions: each new
 * session is stored first, then the account's sessions beyond the newest that many are revoked
 * ({@link RevokeReason#SESSION_LIMIT}), each with its revocation entry and audit event. Two
 * sign-ins racing on different nodes may each miss the other's new session and leave one too
 * many for a moment; the later trim sees both, so the count is back at the limit once every
 * sign-in has finished. One sign-in ends at most {@value #MOST_ENDED_PER_SIGN_IN}, oldest first. No read decides a revocation: the store revokes only sessions still
 * active, so racing trims never both end, or both report, the same session.
 */
public final class Sessions {

    private static final Logger LOG = System.getLogger(Sessions.class.getName());

    /** The cookie token: 32 random bytes, base64url without padding. */
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** The largest page of a session list. */
    public static final int MAX_PAGE = 100;
    /** The page of a list that names no size: as many as an account may hold by default. */
    public static final int DEFAULT_PAGE = SessionPolicy.DEFAULT_MAX_PER_ACCOUNT;
    /**
     * Sessions one sign-in ends at most to bring its account back to the limit. Racing sign-ins
     * leave only a few too many; an account far above the limit (sessions from before it existed,
     * or a lowered limit) comes down by this many per sign-in, and as its sessions expire, rather
     * than one sign-in revoking, auditing and logging a million sessions while the user waits.
     */
    static final int MOST_ENDED_PER_SIGN_IN = 100;

    private final SessionStore store;
    private final AuditLog audit;
    private final Revocations revocations;
    private final SessionPolicy policy;
    private final Clock clock;
    /** Whether the last touch failed: logs the start and the end of a run of failures, not each. */
    private final AtomicBoolean touchesFailing = new AtomicBoolean();

    public Sessions(SessionStore store, AuditLog audit, Revocations revocations, SessionPolicy policy,
                          Clock clock) {
        this.store = store;
        this.audit = audit;
        this.revocations = revocations;
        this.policy = policy;
        this.clock = clock;
    }

    /** A new session and the token that proves it. The token is shown to the client once. */
    public record Issued(Session session, String token) {
        @Override
        public String toString() {
            return "Issued[" + session + "]";
        }
    }

    /** Starts a session for an account that has just proved who it is with its password. */
    public Issued start(Account account, String clientId, Device device) {
        return start(account, clientId, device, Authentications.of(AuthMethod.PASSWORD, now()));
    }

    /** Starts a session for an account that has just proved who it is, as {@code proof} says. */
    public Issued start(Account account, String clientId, Device device, Authentications proof) {
        String token = Secrets.randomToken(TOKEN_BYTES);
        Instant now = now();
        return new Issued(open(account, clientId, device, Secrets.sha256Hex(token), null, null, proof,
                now.plus(policy.absoluteTimeout())), token);
    }

    /**
     * Starts a session for the token transport, proved by a password: no cookie token; access
     * and refresh tokens are issued for it by the caller.
     */
    public Session startGrant(Account account, String clientId, Device device, String audience, String scope) {
        return startGrant(account, clientId, device, audience, scope, Authentications.of(AuthMethod.PASSWORD, now()));
    }

    /** As {@link #startGrant(Account, String, Device, String, String)}, proved as {@code proof} says. */
    public Session startGrant(Account account, String clientId, Device device, String audience, String scope,
                              Authentications proof) {
        return startGrant(account, clientId, device, audience, scope, proof, null);
    }

    /**
     * As {@link #startGrant(Account, String, Device, String, String, Authentications)}, ending no
     * later than {@code notAfter} (a client's grant lifetime, or the browser session it came from).
     *
     * @param notAfter the latest absolute deadline, or null for the policy's
     */
    public Session startGrant(Account account, String clientId, Device device, String audience, String scope,
                              Authentications proof, Instant notAfter) {
        Instant deadline = now().plus(policy.absoluteTimeout());
        if (notAfter != null && notAfter.isBefore(deadline)) {
            deadline = notAfter;
        }
        return open(account, clientId, device, null, audience, scope, proof, deadline);
    }

    /**
     * Replaces a cookie session whose owner has just proved one more method (a step-up): a new
     * session with a new token (no fixation: a privilege change always gets a new secret), the
     * same account, client and device, the old session's methods plus this one, and the old
     * absolute deadline, so a step-up never lengthens how long a sign-in lasts. The old session
     * ends first ({@link RevokeReason#STEPPED_UP}, with its revocation entry); the new one is audited
     * {@link AuditType#STEPPED_UP} with the method's code.
     *
     * @throws NotAuthenticatedException {@code unauthenticated} when {@code current} is not an
     *         active session of {@code account} (revoked, expired, or ended by a racing step-up)
     */
    public Issued stepUp(Account account, Session current, AuthMethod method) {
        Instant now = now();
        if (!current.accountId().equals(account.id()) || !current.isActiveAt(now)
                || !revoke(current, RevokeReason.STEPPED_UP)) {
            // Revoking first decides races: of two step-ups of one session only one goes on.
            throw new NotAuthenticatedException(ErrorCode.UNAUTHENTICATED, "the session has ended: sign in again");
        }
        String token = Secrets.randomToken(TOKEN_BYTES);
        Session next = open(account, current.clientId(), current.device(), Secrets.sha256Hex(token), null, null,
                current.authentications().plus(method, now), current.absoluteExpiresAt(),
                AuditType.STEPPED_UP, method.code());
        return new Issued(next, token);
    }

    private Session open(Account account, String clientId, Device device, String tokenHash, String audience,
                         String scope, Authentications proof, Instant absoluteExpiresAt) {
        return open(account, clientId, device, tokenHash, audience, scope, proof, absoluteExpiresAt,
                AuditType.SIGN_IN_SUCCEEDED, clientId);
    }

    private Session open(Account account, String clientId, Device device, String tokenHash, String audience,
                         String scope, Authentications proof, Instant absoluteExpiresAt, AuditType event,
                         String detail) {
        Device known = device == null ? Device.UNKNOWN : device;
        Instant now = now();
        Instant idle = now.plus(policy.idleTimeout());
        Session session = new Session(Secrets.randomToken(16), account.id(), tokenHash, clientId, now, now,
                idle.isAfter(absoluteExpiresAt) ? absoluteExpiresAt : idle, absoluteExpiresAt, known, null, null,
                audience, scope, proof);
        store.create(session);
        audit.append(AuditEvent.of(now, event, account.id(), account.username(), session.id(), known.ip(), detail));
        ended(account.id(), store.revokeBeyond(account.id(), policy.maxPerAccount(), MOST_ENDED_PER_SIGN_IN, now,
                RevokeReason.SESSION_LIMIT), now, RevokeReason.SESSION_LIMIT);
        return session;
    }

    /** Appends the revocation entry and audit event of each session a store call has just revoked. */
    private void ended(String accountId, List<String> revoked, Instant now, RevokeReason reason) {
        for (String id : revoked) {
            revocations.session(id);
            audit.append(AuditEvent.of(now, AuditType.SESSION_REVOKED, accountId, null, id, null, reason.code()));
        }
    }

    /** The session with this id whatever its state (revoked, expired), while the store keeps it: to learn why it ended. */
    public Optional<Session> find(String sessionId) {
        return store.findById(sessionId);
    }

    /** The session with this id if it is active now. */
    public Optional<Session> findActive(String sessionId) {
        Instant now = now();
        return store.findById(sessionId).filter(s -> s.isActiveAt(now));
    }

    /** Records a use of a session that is not proved by its cookie (a refresh), sliding its idle deadline. */
    public Session markUsed(Session session) {
        return touchIfDue(session, now());
    }

    /**
     * The active session a cookie token proves, sliding its idle deadline forward. Empty for a
     * malformed, unknown, revoked or expired token.
     */
    public Optional<Session> authenticate(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = now();
        return store.findByTokenHash(Secrets.sha256Hex(token))
                .filter(s -> s.isActiveAt(now))
                .map(s -> touchIfDue(s, now));
    }

    /**
     * Slides the idle deadline when the last slide is older than the touch interval. The session
     * was read and found active before this, so a store that cannot write (its disk is full, say)
     * does not fail the check: the session is answered as it was read, its idle deadline where it
     * was, which is never later than the store's own. Only the first of a run of failed touches is
     * logged, as every check in the run fails the same way.
     */
    private Session touchIfDue(Session session, Instant now) {
        if (now.isBefore(session.lastUsedAt().plus(policy.touchInterval()))) {
            return session;
        }
        Instant idle = now.plus(policy.idleTimeout());
        if (idle.isAfter(session.absoluteExpiresAt())) {
            idle = session.absoluteExpiresAt();
        }
        try {
            store.touch(session.id(), now, idle);
        } catch (StoreUnavailableException e) {
            if (touchesFailing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "could not slide idle deadlines (" + e.getMessage()
                        + "); sessions are checked without sliding until the store takes writes again");
            }
            return session;
        }
        if (touchesFailing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "idle deadlines slide again");
        }
        return session.touched(now, idle);
    }

    /**
     * One page of the account's live sessions, newest first.
     *
     * @param cursor the {@link SessionPage#next()} of the previous page, or null for the first
     * @param limit  at most this many, from 1 to {@value #MAX_PAGE}
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_cursor} for a cursor
     *         no page handed out
     */
    public SessionPage listActive(String accountId, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " sessions, not " + limit);
        }
        SessionCursor after = cursor == null ? null : SessionCursor.parse(cursor);
        // one more than asked: whether it exists says whether there is a next page
        List<Session> found = store.listActive(accountId, now(), after, limit + 1);
        if (found.size() <= limit) {
            return new SessionPage(found, null);
        }
        List<Session> page = found.subList(0, limit);
        return new SessionPage(page, SessionCursor.after(page.getLast()).encode());
    }

    /**
     * Ends the active session a cookie token proves, whoever owns it, when a browser presents it
     * while signing in again: the new sign-in replaces it rather than leaving it behind,
     * unreachable, in the account's list. Does nothing for a malformed, unknown or ended token.
     *
     * @return whether a session ended
     */
    public boolean endPresented(String token, RevokeReason reason) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return false;
        }
        Instant now = now();
        return store.findByTokenHash(Secrets.sha256Hex(token))
                .filter(s -> s.isActiveAt(now))
                .map(s -> revoke(s, reason))
                .orElse(false);
    }

    /**
     * Ends one session of an account.
     *
     * @throws NotFoundException {@code session_not_found} when the account has no such live session
     */
    public void revoke(String accountId, String sessionId, RevokeReason reason) {
        Optional<Session> session = findActive(sessionId).filter(s -> s.accountId().equals(accountId));
        if (session.isEmpty() || !revoke(session.get(), reason)) {
            throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND, "no active session with this id");
        }
    }

    /**
     * Ends a session the caller has already read, whoever owns it (refresh-token reuse, token
     * revocation by a client).
     *
     * @return false when it was already revoked
     */
    public boolean revoke(Session session, RevokeReason reason) {
        return revoke(session, reason, null);
    }

    /** As {@link #revoke(Session, RevokeReason)}, by an administrator whom the audit event names. */
    public boolean revoke(Session session, RevokeReason reason, Actor by) {
        Instant now = now();
        if (!store.revoke(session.id(), now, reason)) {
            return false;
        }
        revocations.session(session.id());
        AuditEvent event = AuditEvent.of(now, reason == RevokeReason.SIGN_OUT ? AuditType.SIGN_OUT : AuditType.SESSION_REVOKED,
                session.accountId(), null, session.id(), null, reason.code());
        audit.append(by == null ? event : event.by(by));
        return true;
    }

    /**
     * Ends every session of an account, and every access token of it issued until now; returns
     * how many sessions were live.
     *
     * <p>Each ended session also gets its own revocation entry. The account entry alone refuses
     * tokens issued up to its time, but a refresh that rotated just before the sessions were
     * revoked may still be signing its access token after that time; only a session entry
     * refuses that token too.
     */
    public int revokeAll(String accountId, RevokeReason reason) {
        Instant now = now();
        List<String> revoked = store.revokeAll(accountId, now, reason);
        revocations.account(accountId);
        ended(accountId, revoked, now, reason);
        return revoked.size();
    }

    /** Removes sessions past their deadlines from the store. */
    public int deleteExpired() {
        return store.deleteExpired(now());
    }

    /** Stores keep milliseconds; so does everything that is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
