package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Storage port for back-channel logout deliveries, and for how far the revocation log has been
 * followed to find them. Every method is one atomic operation, so several nodes can share the
 * work: each claims a delivery before posting it.
 */
public interface LogoutDeliveryStore {

    /**
     * Queues a delivery unless one for the same client and session exists.
     *
     * @return false when one existed (nothing changes)
     */
    boolean enqueue(LogoutDelivery delivery);

    /** Deliveries due at {@code now} (next attempt at or before it), soonest first, at most {@code limit}. */
    List<LogoutDelivery> due(Instant now, int limit);

    /**
     * Claims a due delivery for this node: moves its next attempt from {@code expected} to
     * {@code leaseUntil}, so others leave it alone while it is posted.
     *
     * @return false when another node claimed it first (its next attempt is no longer {@code expected})
     */
    boolean claim(String id, Instant expected, Instant leaseUntil);

    /** Records a post the client acknowledged. */
    void delivered(String id, int attempts, Instant at);

    /**
     * Records a failed post.
     *
     * @param nextAttemptAt when to try again, or null to give up
     */
    void failed(String id, int attempts, Instant nextAttemptAt, String error);

    /** The deliveries for one session, oldest first (for the admin pages and tests). */
    List<LogoutDelivery> forSession(String sessionId);

    /** The most recent deliveries, newest first, at most {@code limit}. */
    List<LogoutDelivery> recent(int limit);

    /** The revocation-log sequence number up to which the follower named {@code name} has worked, if any. */
    OptionalLong followedUpTo(String name);

    /**
     * Moves that mark from {@code expected} (empty for "never set") to {@code to}.
     *
     * @return false when another node moved it first
     */
    boolean advance(String name, OptionalLong expected, long to);

    /** Deletes deliveries, delivered or given up, created before {@code cutoff}; returns how many. */
    int deleteFinishedBefore(Instant cutoff);
}
