package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage port for grants: which token sessions were started from which browser session, for
 * which client. Rows are never changed, only added and, once their session is gone, deleted.
 */
public interface GrantStore {

    /**
     * Records a grant. Its session id is unique, and so is its code hash where it has one: one
     * authorization code makes one grant.
     *
     * @throws IllegalStateException when a grant with this session id or code hash exists
     */
    void create(Grant grant);

    /** The grant whose token session is this one. */
    Optional<Grant> find(String sessionId);

    /** The grant redeemed from the authorization code with this SHA-256 (hex). */
    Optional<Grant> findByCode(String codeHash);

    /** The grants started from a browser session, oldest first. */
    List<Grant> startedFrom(String parentSessionId);

    /** The grants of an account held by a client, oldest first (to end them when consent is withdrawn). */
    List<Grant> heldBy(String accountId, String clientId);

    /**
     * Moves every grant started from {@code fromParent} to {@code toParent}: a step-up replaced
     * that browser session, and its grants belong to the replacement now.
     *
     * @return how many moved
     */
    int moveTo(String fromParent, String toParent);

    /** Deletes grants created before {@code cutoff} (older than any session can live); returns how many. */
    int deleteCreatedBefore(Instant cutoff);
}
