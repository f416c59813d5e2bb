package dev.gatehouse.store.sql;

import dev.gatehouse.core.oidc.LogoutDelivery;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link LogoutDeliveryStore} on a SQL database (tables {@code logout_deliveries} and
 * {@code log_marks}, db/.../V9.sql).
 *
 * <p>Several nodes share the queue, and every race is decided by one statement:
 * <ul>
 *   <li>Queueing is {@code INSERT ... ON CONFLICT DO NOTHING} on the unique (client, session)
 *       index: nodes that saw the same session end queue one delivery.</li>
 *   <li>Claiming moves {@code next_attempt_at} from the value the node read to its lease's end
 *       ({@code UPDATE ... WHERE next_attempt_at = ?}); of nodes that read the same due row, the
 *       row lock lets the first match, and the others find the value moved and match nothing.</li>
 *   <li>A follower's mark moves the same way from the value read; its first setting is an INSERT
 *       that a second node's, racing with it, loses on the primary key.</li>
 * </ul>
 */
public final class SqlLogoutDeliveryStore implements LogoutDeliveryStore {

    private static final String COLUMNS = "id, client_id, session_id, account_id, uri, created_at, attempts,"
            + " next_attempt_at, delivered_at, last_error";

    private final Database db;

    SqlLogoutDeliveryStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean enqueue(LogoutDelivery d) {
        return db.update("queue a logout delivery", "INSERT INTO logout_deliveries (" + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, session_id) DO NOTHING",
                d.id(), d.clientId(), d.sessionId(), d.accountId(), d.uri(), d.createdAt(), d.attempts(),
                d.nextAttemptAt(), d.deliveredAt(), d.lastError()) > 0;
    }

    @Override
    public List<LogoutDelivery> due(Instant now, int limit) {
        return db.list("list due logout deliveries", "SELECT " + COLUMNS + " FROM logout_deliveries"
                        + " WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                SqlLogoutDeliveryStore::delivery, now, limit);
    }

    @Override
    public boolean claim(String id, Instant expected, Instant leaseUntil) {
        return db.update("claim a logout delivery", "UPDATE logout_deliveries SET next_attempt_at = ?"
                + " WHERE id = ? AND next_attempt_at = ?", leaseUntil, id, expected) > 0;
    }

    @Override
    public void delivered(String id, int attempts, Instant at) {
        db.update("record a logout delivery", "UPDATE logout_deliveries SET attempts = ?, next_attempt_at = NULL,"
                + " delivered_at = ? WHERE id = ?", attempts, at, id);
    }

    @Override
    public void failed(String id, int attempts, Instant nextAttemptAt, String error) {
        db.update("record a failed logout delivery", "UPDATE logout_deliveries SET attempts = ?,"
                + " next_attempt_at = ?, delivered_at = NULL, last_error = ? WHERE id = ?",
                attempts, nextAttemptAt, error, id);
    }

    @Override
    public List<LogoutDelivery> forSession(String sessionId) {
        return db.list("list a session's logout deliveries", "SELECT " + COLUMNS + " FROM logout_deliveries"
                + " WHERE session_id = ? ORDER BY created_at, id", SqlLogoutDeliveryStore::delivery, sessionId);
    }

    @Override
    public List<LogoutDelivery> recent(int limit) {
        return db.list("list recent logout deliveries", "SELECT " + COLUMNS + " FROM logout_deliveries"
                + " ORDER BY created_at DESC, id DESC LIMIT ?", SqlLogoutDeliveryStore::delivery, limit);
    }

    @Override
    public OptionalLong followedUpTo(String name) {
        return db.find("read a log follower's mark", "SELECT seq FROM log_marks WHERE name = ?",
                row -> row.number("seq"), name).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public boolean advance(String name, OptionalLong expected, long to) {
        if (expected.isEmpty()) {
            return db.update("set a log follower's mark", "INSERT INTO log_marks (name, seq) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO NOTHING", name, to) > 0;
        }
        return db.update("move a log follower's mark", "UPDATE log_marks SET seq = ? WHERE name = ? AND seq = ?",
                to, name, expected.getAsLong()) > 0;
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff) {
        return db.update("delete finished logout deliveries", "DELETE FROM logout_deliveries"
                + " WHERE next_attempt_at IS NULL AND created_at < ?", cutoff);
    }

    private static LogoutDelivery delivery(ResultRow row) throws SQLException {
        return new LogoutDelivery(row.text("id"), row.text("client_id"), row.text("session_id"),
                row.text("account_id"), row.text("uri"), row.instant("created_at"), (int) row.number("attempts"),
                row.instant("next_attempt_at"), row.instant("delivered_at"), row.text("last_error"));
    }
}
