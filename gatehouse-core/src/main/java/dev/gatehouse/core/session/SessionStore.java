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

    /** Sessions of an account that are not revoked and have not expired at {@code now}, newest first. */
    List<Session> listActive(String accountId, Instant now);

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

    /** Deletes sessions whose deadlines have passed before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
