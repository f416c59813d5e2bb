package dev.gatehouse.core.audit;

/** What an audit event records. The names are stable: they are stored and shown to admins. */
public enum AuditType {
    SIGN_IN_SUCCEEDED,
    SIGN_IN_FAILED,
    /** A sign-in limit was reached: once per lock or window, not once per refused guess; the detail names the limit. */
    SIGN_IN_THROTTLED,
    SIGN_OUT,
    SESSION_REVOKED,
    ACCOUNT_CREATED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    PASSWORD_REHASHED,
    PASSWORD_CHANGED,
    REFRESH_REUSE_DETECTED
}
