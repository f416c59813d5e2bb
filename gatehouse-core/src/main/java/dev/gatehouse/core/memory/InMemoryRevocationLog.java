package dev.gatehouse.core.memory;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reference implementation of {@link RevocationLog}: a list guarded by one lock. For tests. */
public final class InMemoryRevocationLog implements RevocationLog {

    private final List<Revocation> entries = new ArrayList<>();
    private long lastSeq;

    @Override
    public synchronized Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
        Revocation r = new Revocation(++lastSeq, kind, id, revokedAt, forgetAfter);
        entries.add(r);
        return r;
    }

    @Override
    public synchronized List<Revocation> after(long afterSeq, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
        return entries.stream().filter(r -> r.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public synchronized Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Revocation r = entries.get(i);
            if (r.kind() == kind && r.id().equals(id) && now.isBefore(r.forgetAfter())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

    @Override
    public synchronized int deleteForgotten(Instant now) {
        int before = entries.size();
        entries.removeIf(r -> !now.isBefore(r.forgetAfter()));
        return before - entries.size();
    }
}
