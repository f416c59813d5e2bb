package dev.gatehouse.core.audit;

import java.util.Set;

/**
 * What an audit event records. The names are stable: they are stored and shown to admins.
 * Events of administrative actions name the administrator ({@link AuditEvent#actorName()}).
 */
public enum AuditType {
    SIGN_IN_SUCCEEDED,
    /** A wrong password or a locked account; carries the account id when the account exists. */
    SIGN_IN_FAILED,
    /** A sign-in limit was reached: once per lock or window, not once per refused guess; the detail names the limit. */
    SIGN_IN_THROTTLED,
    SIGN_OUT,
    SESSION_REVOKED,
    ACCOUNT_CREATED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    PASSWORD_REHASHED,
    /** Detail {@code changed} (by the account itself) or {@code reset} (by an administrator). */
    PASSWORD_CHANGED,
    REFRESH_REUSE_DETECTED,
    /** An administrator set an account's roles; the detail lists them, sorted, comma-separated. */
    ROLES_CHANGED,
    /** An administrator ended every session of an account; the detail is how many were live. */
    SESSIONS_REVOKED,
    CLIENT_CREATED,
    /** The detail says what became of the client's sessions (see {@code Clients.delete}). */
    CLIENT_DELETED,
    /** A new signing key was made; the detail is its kid. */
    SIGNING_KEY_ROTATED;

    /**
     * What an account's own page shows as its recent security events: sign-ins and their
     * failures, sessions ended, password and role changes, locks.
     */
    public static final Set<AuditType> ACCOUNT_SECURITY = Set.of(SIGN_IN_SUCCEEDED, SIGN_IN_FAILED, SIGN_OUT,
            SESSION_REVOKED, SESSIONS_REVOKED, PASSWORD_CHANGED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, ROLES_CHANGED,
            REFRESH_REUSE_DETECTED);
}
