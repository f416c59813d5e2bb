package dev.gatehouse.core.memory;

import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reference implementation of {@link RefreshTokenStore}: maps guarded by one lock. For tests. */
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

    @Override
    public synchronized void issue(String sessionId, String tokenHash, Instant at) {
        if (bySession.containsKey(sessionId) || sessionByHash.containsKey(tokenHash)) {
            throw new IllegalStateException("lineage or token exists");
        }
        Lineage lineage = new Lineage();
        lineage.generations.put(tokenHash, 0);
        bySession.put(sessionId, lineage);
        sessionByHash.put(tokenHash, sessionId);
    }

    @Override
    public synchronized RotationResult rotate(String presentedHash, String newHash, byte[] sealedNewToken,
                                              Instant now, Duration grace) {
        String sessionId = sessionByHash.get(presentedHash);
        if (sessionId == null) {
            return new RotationResult.NotFound();
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

    @Override
    public synchronized Optional<String> sessionOf(String tokenHash) {
        return Optional.ofNullable(sessionByHash.get(tokenHash));
    }

    @Override
    public synchronized int dropSealedBefore(Instant cutoff) {
        int dropped = 0;
        for (Lineage lineage : bySession.values()) {
            if (lineage.sealed != null && lineage.rotatedAt.isBefore(cutoff)) {
                lineage.sealed = null;
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public synchronized void forget(String sessionId) {
        Lineage lineage = bySession.remove(sessionId);
        if (lineage != null) {
            lineage.generations.keySet().forEach(sessionByHash::remove);
        }
    }
}
