package dev.gatehouse.store.sql;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link RevocationLog} on a SQL database.
 *
 * <p>Verifiers follow the log by sequence number, so numbers must grow in the order appends
 * commit, with any number of connections or processes appending at once: otherwise a follower
 * that read {@code after(6)} just as 8 committed ahead of 7 would carry on after 8 and never see
 * 7. How a database keeps that promise differs ({@link SqlDialect#appendRevocation()}); either
 * way the number is assigned by the insert itself, and it is never handed out again after
 * {@link #deleteForgotten} removed the newest entries. For the same reason {@link #lastSeq}
 * reads a high-water mark, not the largest key still present: a follower that has seen entry 7
 * must not be told the log is at 0 after a clean-up.
 *
 * <p>Kinds are stored by their {@link RevocationKind#wireName() wire names}, which are stable,
 * rather than by enum constant names, which a refactoring may change.
 */
public final class SqlRevocationLog implements RevocationLog {

    /** Largest page the port allows; a bound so that one request cannot read the whole log. */
    static final int MAX_LIMIT = 1000;

    private static final String FIELDS = SqlDialect.REVOCATION_FIELDS;

    private final Database db;

    SqlRevocationLog(Database db) {
        this.db = db;
    }

    @Override
    public Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
        // The record refuses nulls; build it first so that nothing is written for a bad call.
        new Revocation(0, kind, id, revokedAt, forgetAfter);
        long seq = db.find("append a revocation", db.dialect().appendRevocation(),
                row -> row.number("seq"), kind.wireName(), id, revokedAt, forgetAfter)
                .orElseThrow(() -> new StoreException("a revocation insert returned no sequence number"));
        return new Revocation(seq, kind, id, revokedAt, forgetAfter);
    }

    @Override
    public List<Revocation> after(long afterSeq, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return db.list("list revocations",
                "SELECT seq, " + FIELDS + " FROM revocations WHERE seq > ? ORDER BY seq LIMIT ?",
                SqlRevocationLog::revocation, afterSeq, limit);
    }

    @Override
    public Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
        return db.find("find a revocation",
                "SELECT seq, " + FIELDS + " FROM revocations"
                        + " WHERE kind = ? AND id = ? AND forget_after > ? ORDER BY seq DESC LIMIT 1",
                SqlRevocationLog::revocation, kind.wireName(), id, now);
    }

    @Override
    public long lastSeq() {
        return db.find("read the last revocation sequence number", db.dialect().lastRevocationSeq(),
                row -> row.number("seq")).orElse(0L);
    }

    @Override
    public int deleteForgotten(Instant now) {
        return db.update("delete forgotten revocations", "DELETE FROM revocations WHERE forget_after <= ?", now);
    }

    private static Revocation revocation(ResultRow row) throws SQLException {
        return new Revocation(row.number("seq"), kind(row.text("kind")), row.text("id"),
                row.instant("revoked_at"), row.instant("forget_after"));
    }

    private static RevocationKind kind(String wireName) {
        return Arrays.stream(RevocationKind.values())
                .filter(k -> k.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new StoreException("unknown revocation kind in the database: " + wireName));
    }
}
