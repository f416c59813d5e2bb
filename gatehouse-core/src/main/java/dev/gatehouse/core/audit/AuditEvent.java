package dev.gatehouse.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One security-relevant fact: who did what, when, from where. Never holds a secret.
 *
 * @param seq       position in the log, assigned by the store (0 before it is appended)
 * @param at        when it happened
 * @param type      what happened
 * @param accountId the account concerned, or null when there is none (unknown user name)
 * @param username  the user name as given, for failed sign-ins of unknown accounts too
 * @param sessionId the session concerned, or null
 * @param ip        the client address, or null
 * @param detail    a short reason, for example {@code invalid_credentials} or {@code sign_out}
 */
public record AuditEvent(long seq, Instant at, AuditType type, String accountId, String username,
                         String sessionId, String ip, String detail) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
    }

    /** A new event, not yet appended. */
    public static AuditEvent of(Instant at, AuditType type, String accountId, String username,
                                String sessionId, String ip, String detail) {
        return new AuditEvent(0, at, type, accountId, username, sessionId, ip, detail);
    }

    public AuditEvent withSeq(long newSeq) {
        return new AuditEvent(newSeq, at, type, accountId, username, sessionId, ip, detail);
    }
}
