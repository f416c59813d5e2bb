package dev.gatehouse.core.audit;

/** What an audit event records. The names are stable: they are stored and shown to admins. */
public enum AuditType {
    SIGN_IN_SUCCEEDED,
    SIGN_IN_FAILED,
    SIGN_OUT,
    SESSION_REVOKED,
    ACCOUNT_CREATED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    PASSWORD_REHASHED,
    PASSWORD_CHANGED,
    REFRESH_REUSE_DETECTED
}
