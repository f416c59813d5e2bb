package dev.gatehouse.core.memory;

import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reference implementation of {@link SigningKeyStore}. For tests. */
public final class InMemorySigningKeyStore implements SigningKeyStore {

    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized void add(SigningKey key) {
        if (keys.stream().anyMatch(k -> k.kid().equals(key.kid()))) {
            throw new IllegalStateException("duplicate kid");
        }
        keys.add(key);
    }

    @Override
    public synchronized List<SigningKey> list() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized boolean retire(String kid, Instant retiredAt, Instant expiresAt) {
        for (int i = 0; i < keys.size(); i++) {
            SigningKey k = keys.get(i);
            if (k.kid().equals(kid) && k.retiredAt() == null) {
                keys.set(i, new SigningKey(k.kid(), k.algorithm(), k.publicJwk(), k.sealedPrivateKey(), k.createdAt(),
                        k.activatesAt(), retiredAt, expiresAt));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        int before = keys.size();
        keys.removeIf(k -> k.expiresAt() != null && !now.isBefore(k.expiresAt()));
        return before - keys.size();
    }
}
