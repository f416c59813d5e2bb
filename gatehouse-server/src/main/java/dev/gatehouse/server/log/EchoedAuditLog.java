package dev.gatehouse.server.log;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An audit log that also writes every event it appends as a JSON line on the logger
 * {@value #LOGGER}, for log shippers. Audit events never hold secrets; the line holds exactly
 * their fields.
 */
public final class EchoedAuditLog implements AuditLog {

    public static final String LOGGER = "gatehouse.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    private final AuditLog log;

    public EchoedAuditLog(AuditLog log) {
        this.log = log;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        AuditEvent appended = log.append(event);
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, line(appended));
        }
        return appended;
    }

    @Override
    public List<AuditEvent> list(long beforeSeq, int limit) {
        return log.list(beforeSeq, limit);
    }

    static String line(AuditEvent e) {
        return new JsonLine()
                .field("time", e.at().toString())
                .field("seq", e.seq())
                .field("type", e.type().name())
                .field("account_id", e.accountId())
                .field("username", e.username())
                .field("session_id", e.sessionId())
                .field("ip", e.ip())
                .field("detail", e.detail())
                .toString();
    }
}
