package dev.gatehouse.server.log;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit log that also writes every event it appends as a JSON line on the logger
 * {@value #LOGGER}, for log shippers. Audit events never hold secrets; the line holds exactly
 * their fields, as structured arguments that {@link LogConfiguration} writes as one JSON object.
 */
public final class EchoedAuditLog implements AuditLog {

    public static final String LOGGER = "gatehouse.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final AuditLog log;

    public EchoedAuditLog(AuditLog log) {
        this.log = log;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        AuditEvent appended = log.append(event);
        if (LOG.isInfoEnabled()) {
            LOG.info(appended.type().name(), keyValue("time", appended.at().toString()),
                    keyValue("seq", appended.seq()), keyValue("type", appended.type().name()),
                    keyValue("account_id", appended.accountId()), keyValue("username", appended.username()),
                    keyValue("session_id", appended.sessionId()), keyValue("ip", appended.ip()),
                    keyValue("detail", appended.detail()), keyValue("actor_id", appended.actorId()),
                    keyValue("actor", appended.actorName()));
        }
        return appended;
    }

    @Override
    public List<AuditEvent> search(AuditQuery query) {
        return log.search(query);
    }
}
