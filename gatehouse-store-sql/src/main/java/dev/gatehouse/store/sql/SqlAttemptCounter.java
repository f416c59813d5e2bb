package dev.gatehouse.store.sql;

import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link AttemptCounter} on a SQL database, so that every node on the store counts the same
 * attempts: a limit of ten stays ten with any number of nodes.
 *
 * <p>An increment is one upsert that opens a new window when the stored one has ended and adds
 * one otherwise, returning the count; concurrent increments of a key serialize on its row, so
 * each sees its own count. Ended windows are deleted by {@link #deleteEnded}, from maintenance.
 */
final class SqlAttemptCounter implements AttemptCounter {

    private final Database db;

    SqlAttemptCounter(Database db) {
        this.db = db;
    }

    @Override
    public long increment(String key, Duration window, Instant now) {
        AttemptCounter.check(key, window);
        return db.find("count an attempt",
                "INSERT INTO attempts (attempt_key, attempt_count, ends_at) VALUES (?, 1, ?)"
                        + " ON CONFLICT (attempt_key) DO UPDATE SET"
                        + " attempt_count = CASE WHEN attempts.ends_at <= ? THEN 1 ELSE attempts.attempt_count + 1 END,"
                        + " ends_at = CASE WHEN attempts.ends_at <= ? THEN excluded.ends_at ELSE attempts.ends_at END"
                        + " RETURNING attempt_count",
                row -> row.number("attempt_count"), key, now.plus(window), now, now)
                .orElseThrow(() -> new StoreException("counting an attempt returned no row"));
    }

    @Override
    public Optional<Window> current(String key, Instant now) {
        return db.find("read an attempt window",
                "SELECT attempt_count, ends_at FROM attempts WHERE attempt_key = ? AND ends_at > ?",
                row -> new Window(row.number("attempt_count"), row.instant("ends_at")), key, now);
    }

    @Override
    public void reset(String key) {
        db.update("reset attempts", "DELETE FROM attempts WHERE attempt_key = ?", key);
    }

    @Override
    public int deleteEnded(Instant now) {
        return db.update("delete ended attempt windows", "DELETE FROM attempts WHERE ends_at <= ?", now);
    }
}
