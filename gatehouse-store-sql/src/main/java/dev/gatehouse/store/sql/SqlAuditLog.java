package dev.gatehouse.store.sql;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link AuditLog} on a SQL database. The sequence number is the table's auto-increment key,
 * assigned and returned by the insert itself, so concurrent appends never share one; SQLite's
 * {@code AUTOINCREMENT} and PostgreSQL's identity column also never reuse a number, even after
 * the newest rows are deleted. Unlike the revocation log, nobody follows this log as it grows,
 * so numbers need not follow commit order.
 */
public final class SqlAuditLog implements AuditLog {

    private static final String FIELDS = "at, type, account_id, username, session_id, ip, detail, actor_id, actor_name";

    private final Database db;

    SqlAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public AuditEvent append(AuditEvent e) {
        long seq = db.find("append an audit event",
                "INSERT INTO audit_events (" + FIELDS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                row -> row.number("seq"),
                e.at(), e.type().name(), e.accountId(), e.username(), e.sessionId(), e.ip(), e.detail(),
                e.actorId(), e.actorName())
                .orElseThrow(() -> new StoreException("an audit insert returned no sequence number"));
        return e.withSeq(seq);
    }

    /**
     * One statement with only the filters the query sets, so each shape finds its index: the
     * account's ({@code audit_events_account}), the type's, the time's, or the primary key alone.
     * Types are bound in their declaration order, so equal sets give equal statements.
     */
    @Override
    public List<AuditEvent> search(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT seq, " + FIELDS + " FROM audit_events WHERE seq < ?");
        List<Object> params = new ArrayList<>();
        params.add(q.beforeSeq());
        if (q.accountId() != null) {
            sql.append(" AND account_id = ?");
            params.add(q.accountId());
        }
        if (!q.types().isEmpty()) {
            List<AuditType> types = q.types().stream().sorted().toList();
            sql.append(" AND type IN (").append(String.join(", ", Collections.nCopies(types.size(), "?"))).append(')');
            types.forEach(t -> params.add(t.name()));
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            params.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            params.add(q.to());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(q.limit());
        return db.list("search audit events", sql.toString(), SqlAuditLog::event, params.toArray());
    }

    private static AuditEvent event(ResultRow row) throws SQLException {
        return new AuditEvent(row.number("seq"), row.instant("at"), AuditType.valueOf(row.text("type")),
                row.text("account_id"), row.text("username"), row.text("session_id"),
                row.text("ip"), row.text("detail"), row.text("actor_id"), row.text("actor_name"));
    }
}
