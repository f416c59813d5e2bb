package dev.gatehouse.core.memory;

import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reference implementation of {@link RefreshTokenStore}: maps guarded by one lock, the lock of
 * the session store it reads, so that a rotation and a revocation of its session never
 * interleave. For tests.
 *
 * <p>A lineage goes with its session, as the SQL stores' foreign key removes it: once the session
 * store has deleted the session (an expired one, by {@code deleteExpired}), its tokens are unknown.
 * The session store does not call back here, so the lineage is dropped when one of its tokens is
 * next looked up.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    /** One lineage: the generation of each token ever issued, and the state of the newest rotation. */
    private static final class Lineage {
        final Map<String, Integer> generations = new HashMap<>();
        int current;
        Instant rotatedAt;
        byte[] sealed;
    }

    private final Map<String, Lineage> bySession = new HashMap<>();
    private final Map<String, String> sessionByHash = new HashMap<>();
    private final InMemorySessionStore sessions;

    public InMemoryRefreshTokenStore(InMemorySessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public void issue(String sessionId, String tokenHash, Instant at) {
        synchronized (sessions) {
            if (bySession.containsKey(sessionId) || sessionByHash.containsKey(tokenHash)) {
                throw new IllegalStateException("lineage or token exists");
            }
            Lineage lineage = new Lineage();
            lineage.generations.put(tokenHash, 0);
            bySession.put(sessionId, lineage);
            sessionByHash.put(tokenHash, sessionId);
        }
    }

    @Override
    public RotationResult rotate(String presentedHash, String newHash, byte[] sealedNewToken, Instant now,
                                 Duration grace) {
        synchronized (sessions) {
            String sessionId = sessionByHash.get(presentedHash);
            if (sessionId == null || goneWithItsSession(sessionId)) {
                return new RotationResult.NotFound();
            }
            if (sessions.findById(sessionId).filter(session -> session.isActiveAt(now)).isEmpty()) {
                return new RotationResult.SessionEnded(sessionId);
            }
            Lineage lineage = bySession.get(sessionId);
            int generation = lineage.generations.get(presentedHash);
            if (generation == lineage.current) {
                if (sessionByHash.containsKey(newHash)) {
                    throw new IllegalStateException("token hash exists");
                }
                lineage.current = generation + 1;
                lineage.generations.put(newHash, lineage.current);
                lineage.rotatedAt = now;
                lineage.sealed = sealedNewToken.clone();
                sessionByHash.put(newHash, sessionId);
                return new RotationResult.Rotated(sessionId);
            }
            if (generation == lineage.current - 1 && now.isBefore(lineage.rotatedAt.plus(grace)) && lineage.sealed != null) {
                return new RotationResult.GraceReplay(sessionId, lineage.sealed.clone());
            }
            return new RotationResult.Reused(sessionId);
        }
    }

    @Override
    public Optional<String> sessionOf(String tokenHash) {
        synchronized (sessions) {
            return Optional.ofNullable(sessionByHash.get(tokenHash)).filter(sessionId -> !goneWithItsSession(sessionId));
        }
    }

    /** Forgets the lineage when the session store no longer has its session; true if it did. Under the lock. */
    private boolean goneWithItsSession(String sessionId) {
        if (sessions.findById(sessionId).isPresent()) {
            return false;
        }
        forget(sessionId);
        return true;
    }

    @Override
    public int dropSealedBefore(Instant cutoff) {
        synchronized (sessions) {
            int dropped = 0;
            for (Lineage lineage : bySession.values()) {
                if (lineage.sealed != null && lineage.rotatedAt.isBefore(cutoff)) {
                    lineage.sealed = null;
                    dropped++;
                }
            }
            return dropped;
        }
    }

    @Override
    public void forget(String sessionId) {
        synchronized (sessions) {
            Lineage lineage = bySession.remove(sessionId);
            if (lineage != null) {
                lineage.generations.keySet().forEach(sessionByHash::remove);
            }
        }
    }
}
