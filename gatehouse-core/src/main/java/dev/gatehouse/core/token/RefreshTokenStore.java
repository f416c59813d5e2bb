package dev.gatehouse.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage port for refresh-token lineages. A session has at most one lineage: a chain of tokens
 * of which only the newest ("current") may be exchanged, and the one before it ("previous") only
 * within a grace window after it was exchanged. Only SHA-256 hashes of tokens are stored, plus,
 * for the grace window only, the newest token sealed (encrypted) so that a concurrent or retried
 * refresh can be given the same token instead of forking the lineage.
 */
public interface RefreshTokenStore {

    /** Starts the lineage of a session with its first token. */
    void issue(String sessionId, String tokenHash, Instant at);

    /**
     * Exchanges a presented token, in one atomic step:
     * <ul>
     *   <li>a token of a session that is not active at {@code now} (revoked, or past its idle or
     *   absolute deadline) → {@link RotationResult.SessionEnded}; nothing changes. The session's
     *   state is read in the same atomic step as the lineage, so a rotation never succeeds after
     *   the revocation of its session has been stored, however the two race;</li>
     *   <li>current → {@link RotationResult.Rotated}: {@code newHash} becomes current, the presented
     *   one previous, {@code sealedNewToken} is kept until {@code now + grace};</li>
     *   <li>previous, before {@code rotatedAt + grace} → {@link RotationResult.GraceReplay} with the
     *   sealed token of that rotation; nothing changes;</li>
     *   <li>any other token of the lineage (older, or previous after the window) →
     *   {@link RotationResult.Reused}; nothing changes (the caller revokes the session);</li>
     *   <li>unknown → {@link RotationResult.NotFound}.</li>
     * </ul>
     * Of many concurrent calls with the current token exactly one rotates; the others see the
     * previous token within the window and replay.
     */
    RotationResult rotate(String presentedHash, String newHash, byte[] sealedNewToken, Instant now, Duration grace);

    /** The session a token (of any age) belongs to, if it was ever issued. */
    Optional<String> sessionOf(String tokenHash);

    /**
     * Drops the sealed copies of tokens issued before {@code cutoff} (now minus the grace window):
     * nothing may ask for them any more, and a token must not be kept, even encrypted, longer
     * than it is needed. Returns how many were dropped.
     */
    int dropSealedBefore(Instant cutoff);

    /** Forgets the lineage of a session (its tokens become unknown). */
    void forget(String sessionId);
}
