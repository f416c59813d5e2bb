package dev.gatehouse.core.audit;

import java.util.List;

/**
 * Reading the audit log, for administrators: filtered pages of it, and the recent security
 * events of one account. Appending stays with the services that act.
 */
public final class AuditTrail {

    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = log;
    }

    /** The events a query selects, newest first, and where the next page starts. */
    public AuditPage search(AuditQuery query) {
        List<AuditEvent> events = log.search(query);
        return new AuditPage(events, events.size() == query.limit() ? events.getLast().seq() : null);
    }

    /**
     * What an account's page shows: its newest sign-ins, failed sign-ins, sign-outs, ended
     * sessions, password and role changes, locks and detected refresh-token reuse
     * ({@link AuditType#ACCOUNT_SECURITY}). Throttling events are not among them: the throttle
     * counts by the name typed, before any account is looked up, so they carry no account id.
     *
     * @param limit 1 to {@value AuditQuery#MAX_LIMIT}
     */
    public List<AuditEvent> recentSecurityEvents(String accountId, int limit) {
        return log.search(AuditQuery.newest(limit).account(accountId).types(AuditType.ACCOUNT_SECURITY));
    }
}
