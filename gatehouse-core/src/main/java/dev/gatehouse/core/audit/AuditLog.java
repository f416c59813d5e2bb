package dev.gatehouse.core.audit;

import java.util.List;

/** Storage port: an append-only log of audit events. */
public interface AuditLog {

    /** Appends an event and returns it with its sequence number. */
    AuditEvent append(AuditEvent event);

    /**
     * The events a query selects, newest first (by sequence number). A store keeps indexes for
     * the account and type filters, so that an account's page does not scan the whole log.
     */
    List<AuditEvent> search(AuditQuery query);

    /**
     * Events newest first, unfiltered.
     *
     * @param beforeSeq only events with a smaller sequence number; {@code Long.MAX_VALUE} for the newest
     * @param limit     at most this many (1 to 1000)
     */
    default List<AuditEvent> list(long beforeSeq, int limit) {
        return search(AuditQuery.newest(limit).before(beforeSeq));
    }
}
