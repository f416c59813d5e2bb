package dev.gatehouse.core.audit;

import java.util.List;

/**
 * One page of audit events, newest first.
 *
 * @param events the events
 * @param next   the sequence number to page on from ({@link AuditQuery#before}), or null when
 *               this page was not full, so there is nothing older to read
 */
public record AuditPage(List<AuditEvent> events, Long next) {

    public AuditPage {
        events = List.copyOf(events);
    }
}
