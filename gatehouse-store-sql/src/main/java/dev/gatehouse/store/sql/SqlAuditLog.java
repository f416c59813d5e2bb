package dev.gatehouse.store.sql;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link AuditLog} on a SQL database. The sequence number is the table's auto-increment key,
 * assigned and returned by the insert itself, so concurrent appends never share one; SQLite's
 * {@code AUTOINCREMENT} and PostgreSQL's identity column also never reuse a number, even after
 * the newest rows are deleted. Unlike the revocation log, nobody follows this log as it grows,
 * so numbers need not follow commit order.
 */
public final class SqlAuditLog implements AuditLog {

    /** Largest page the port allows; a bound so that one request cannot read the whole log. */
    static final int MAX_LIMIT = 1000;

    private static final String FIELDS = "at, type, account_id, username, session_id, ip, detail";

    private final Database db;

    SqlAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public AuditEvent append(AuditEvent e) {
        long seq = db.find("append an audit event",
                "INSERT INTO audit_events (" + FIELDS + ") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                row -> row.number("seq"),
                e.at(), e.type().name(), e.accountId(), e.username(), e.sessionId(), e.ip(), e.detail())
                .orElseThrow(() -> new StoreException("an audit insert returned no sequence number"));
        return e.withSeq(seq);
    }

    @Override
    public List<AuditEvent> list(long beforeSeq, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return db.list("list audit events",
                "SELECT seq, " + FIELDS + " FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                SqlAuditLog::event, beforeSeq, limit);
    }

    private static AuditEvent event(ResultRow row) throws SQLException {
        return new AuditEvent(row.number("seq"), row.instant("at"), AuditType.valueOf(row.text("type")),
                row.text("account_id"), row.text("username"), row.text("session_id"),
                row.text("ip"), row.text("detail"));
    }
}
