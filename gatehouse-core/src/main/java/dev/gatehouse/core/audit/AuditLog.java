package dev.gatehouse.core.audit;

import java.util.List;

/** Storage port: an append-only log of audit events. */
public interface AuditLog {

    /** Appends an event and returns it with its sequence number. */
    AuditEvent append(AuditEvent event);

    /**
     * Events newest first.
     *
     * @param beforeSeq only events with a smaller sequence number; {@code Long.MAX_VALUE} for the newest
     * @param limit     at most this many (1 to 1000)
     */
    List<AuditEvent> list(long beforeSeq, int limit);
}
