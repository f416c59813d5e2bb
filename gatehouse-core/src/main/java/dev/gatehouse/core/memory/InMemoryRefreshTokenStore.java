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
            if (sessionId == null) {
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
            return Optional.ofNullable(sessionByHash.get(tokenHash));
        }
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
