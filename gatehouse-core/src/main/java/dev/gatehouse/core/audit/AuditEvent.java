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
 * @param actorId   the account id of the administrator who did it, or null (see {@link Actor})
 * @param actorName the username of that administrator, or a fixed word such as
 *                  {@code command-line}; null when the account itself or its client acted
 */
public record AuditEvent(long seq, Instant at, AuditType type, String accountId, String username,
                         String sessionId, String ip, String detail, String actorId, String actorName) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
    }

    /** A new event, not yet appended, not done by an administrator. */
    public static AuditEvent of(Instant at, AuditType type, String accountId, String username,
                                String sessionId, String ip, String detail) {
        return new AuditEvent(0, at, type, accountId, username, sessionId, ip, detail, null, null);
    }

    public AuditEvent withSeq(long newSeq) {
        return new AuditEvent(newSeq, at, type, accountId, username, sessionId, ip, detail, actorId, actorName);
    }

    /** This event, done by {@code actor}. */
    public AuditEvent by(Actor actor) {
        return new AuditEvent(seq, at, type, accountId, username, sessionId, ip, detail, actor.accountId(), actor.name());
    }

    /** Who did it, when an administrator (or the command line) did. */
    public java.util.Optional<Actor> actor() {
        return actorName == null ? java.util.Optional.empty() : java.util.Optional.of(new Actor(actorId, actorName));
    }
}
