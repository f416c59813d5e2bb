package dev.gatehouse.server.metrics;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A revocation log that counts what is appended to it, by kind. */
public final class CountedRevocationLog implements RevocationLog {

    private final RevocationLog log;
    private final GatehouseMetrics metrics;

    public CountedRevocationLog(RevocationLog log, GatehouseMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    public Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
        Revocation appended = log.append(kind, id, revokedAt, forgetAfter);
        metrics.revocationAppended(kind);
        return appended;
    }

    @Override
    public List<Revocation> after(long afterSeq, int limit) {
        return log.after(afterSeq, limit);
    }

    @Override
    public Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
        return log.find(kind, id, now);
    }

    @Override
    public long lastSeq() {
        return log.lastSeq();
    }

    @Override
    public int deleteForgotten(Instant now) {
        return log.deleteForgotten(now);
    }
}
