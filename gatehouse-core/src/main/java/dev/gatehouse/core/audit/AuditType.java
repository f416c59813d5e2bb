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
    SIGNING_KEY_ROTATED,
    /** A second factor was added; the detail says which ({@code totp}, or {@code passkey} and its name). */
    SECOND_FACTOR_ENROLLED,
    /** A second factor was removed by the account itself; the detail says which. */
    SECOND_FACTOR_REMOVED,
    /** A wrong second-factor code or a refused passkey; the detail says which factor. */
    SECOND_FACTOR_FAILED,
    /** A recovery code was spent; the detail is how many remain. */
    RECOVERY_CODE_USED,
    RECOVERY_CODES_REGENERATED,
    /** An administrator removed every second factor of an account; the detail is how many went. */
    SECOND_FACTORS_RESET,
    /** A passkey reported a signature counter that did not go forward: it may have been cloned. */
    PASSKEY_CLONE_SUSPECTED,
    /** A session proved one more method and was replaced by a new one; the detail is the method. */
    STEPPED_UP,
    /** A client's OAuth registration was changed; the detail names the client. */
    CLIENT_UPDATED,
    /** An account let a client have scopes; the detail is the client id and the scopes. */
    CONSENT_GRANTED,
    /** An account withdrew a client's access; the detail is the client id. */
    CONSENT_REVOKED,
    /** An authorization code was presented a second time; the grant it made was revoked. Detail: client id. */
    AUTHORIZATION_CODE_REUSED,
    /** An account approved a device on the device page; the detail is the client id. */
    DEVICE_APPROVED,
    /** Gatehouse gave up posting a back-channel logout token; the detail names the client and the last error. */
    BACKCHANNEL_LOGOUT_FAILED;

    /**
     * What an account's own page shows as its recent security events: sign-ins and their
     * failures, sessions ended, password and role changes, locks.
     */
    public static final Set<AuditType> ACCOUNT_SECURITY = Set.of(SIGN_IN_SUCCEEDED, SIGN_IN_FAILED, SIGN_OUT,
            SESSION_REVOKED, SESSIONS_REVOKED, PASSWORD_CHANGED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, ROLES_CHANGED,
            REFRESH_REUSE_DETECTED, SECOND_FACTOR_ENROLLED, SECOND_FACTOR_REMOVED, SECOND_FACTOR_FAILED,
            RECOVERY_CODE_USED, RECOVERY_CODES_REGENERATED, SECOND_FACTORS_RESET, PASSKEY_CLONE_SUSPECTED,
            CONSENT_GRANTED, CONSENT_REVOKED, AUTHORIZATION_CODE_REUSED, DEVICE_APPROVED);
}
