package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage port for sessions. Every method is one atomic operation; none reads, decides and
 * writes in separate steps, so two nodes sharing a store cannot race each other into an
 * inconsistent state.
 */
public interface SessionStore {

    /**
     * Stores a new session. Ids and token hashes are random and unique; a duplicate is a bug and
     * fails with an {@link IllegalStateException} or a store-specific unchecked exception.
     */
    void create(Session session);

    Optional<Session> findById(String id);

    /**
     * Returns when the store can answer for every session, throws otherwise: for readiness. A
     * store spread over several servers (a Redis Cluster) asks each of them, since each holds some
     * of the sessions and a lookup of one id would only say whether the server holding that id is
     * up. By default, a lookup of an id that does not exist.
     */
    default void checkReachable() {
        findById("readiness-probe");
    }

    /** The session whose cookie token has this SHA-256, revoked or not. */
    Optional<Session> findByTokenHash(String tokenHash);

    /**
     * One page of the sessions of an account that are not revoked and have not expired at
     * {@code now}, newest first: by start time, then by id, both descending. A store answers from
     * an index on (account, start time, id) and reads about {@code limit} sessions, not every
     * session of the account.
     *
     * @param after only sessions after this one in that order (the last of the previous page), or
     *              null for the first page
     * @param limit at most this many, at least 1
     */
    List<Session> listActive(String accountId, Instant now, SessionCursor after, int limit);

    /**
     * Records use of a session: sets last-used and the idle deadline, unless it is revoked or
     * has already expired at {@code lastUsedAt} (a late touch must not revive a session).
     *
     * @return false when there is no session active at {@code lastUsedAt}
     */
    boolean touch(String id, Instant lastUsedAt, Instant idleExpiresAt);

    /**
     * Revokes one session if it is not revoked already.
     *
     * @return true when this call revoked it
     */
    boolean revoke(String id, Instant at, RevokeReason reason);

    /**
     * Revokes every session of an account that is still active at {@code at} (sessions that
     * have expired are left for {@link #deleteExpired}).
     *
     * @return the ids of the sessions this call revoked
     */
    List<String> revokeAll(String accountId, Instant at, RevokeReason reason);

    /**
     * Revokes the oldest sessions of an account that are active at {@code at} beyond the newest
     * {@code keep} (in the order of {@link #listActive}), at most {@code atMost} of them, oldest
     * first; so at most {@code keep} remain once the excess is no more than {@code atMost}. Each
     * session is revoked only if it is still active, as in {@link #revokeAll}, so callers racing
     * on one account never both claim a session; a session whose creation had not finished when
     * this one looked is not counted, so concurrent sign-ins may leave more than {@code keep}
     * until the last of them has trimmed.
     *
     * @param keep   how many of the newest active sessions stay, at least 1
     * @param atMost how many this call revokes at most, at least 1: it bounds the work of one
     *               call when an account is far above {@code keep}
     * @return the ids of the sessions this call revoked
     */
    List<String> revokeBeyond(String accountId, int keep, int atMost, Instant at, RevokeReason reason);

    /** Deletes sessions whose deadlines have passed before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
