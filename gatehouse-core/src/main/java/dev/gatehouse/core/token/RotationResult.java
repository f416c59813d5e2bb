package dev.gatehouse.core.token;

/** What presenting a refresh token led to; see {@link RefreshTokenStore#rotate}. */
public sealed interface RotationResult {

    /** The presented token was the current one; the new one is now current. */
    record Rotated(String sessionId) implements RotationResult {
    }

    /**
     * The presented token was the previous one, within the grace window: the caller gets the token
     * the first rotation produced, sealed as it was stored.
     */
    record GraceReplay(String sessionId, byte[] sealedToken) implements RotationResult {
    }

    /** The presented token belongs to the session but is no longer usable: theft is assumed. */
    record Reused(String sessionId) implements RotationResult {
    }

    /**
     * The presented token belongs to a session that has ended (revoked or past a deadline):
     * nothing was rotated or replayed.
     */
    record SessionEnded(String sessionId) implements RotationResult {
    }

    /** The presented token was never issued (or its session is gone). */
    record NotFound() implements RotationResult {
    }
}
