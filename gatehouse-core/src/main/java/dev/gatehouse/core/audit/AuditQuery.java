package dev.gatehouse.core.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Which audit events to list: every filter left null (or empty) matches everything; the events
 * come newest first, at most {@code limit} of them, all older than {@code beforeSeq}.
 *
 * @param accountId only events of this account, or null
 * @param types     only events of these types; empty for every type
 * @param from      only events at or after this instant, or null
 * @param to        only events before this instant, or null
 * @param beforeSeq only events with a smaller sequence number ({@code Long.MAX_VALUE} for the newest);
 *                  the cursor of paging
 * @param limit     at most this many, 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(String accountId, Set<AuditType> types, Instant from, Instant to, long beforeSeq,
                         int limit) {

    /** The largest page a store answers: one request never reads the whole log. */
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** The newest {@code limit} events, unfiltered. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, Set.of(), null, null, Long.MAX_VALUE, limit);
    }

    public AuditQuery account(String id) {
        return new AuditQuery(id, types, from, to, beforeSeq, limit);
    }

    public AuditQuery types(Set<AuditType> only) {
        return new AuditQuery(accountId, only, from, to, beforeSeq, limit);
    }

    /** Events at or after {@code start} and before {@code end}; either may be null. */
    public AuditQuery between(Instant start, Instant end) {
        return new AuditQuery(accountId, types, start, end, beforeSeq, limit);
    }

    public AuditQuery before(long seq) {
        return new AuditQuery(accountId, types, from, to, seq, limit);
    }

    /** Whether an event passes the filters (not the paging); what the in-memory log and tests use. */
    public boolean matches(AuditEvent e) {
        return (accountId == null || accountId.equals(e.accountId()))
                && (types.isEmpty() || types.contains(e.type()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to));
    }
}
