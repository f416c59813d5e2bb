package dev.gatehouse.core.session;

/** Why a session ended early. The codes are stable: they are stored and shown to users. */
public enum RevokeReason {
    /** The user signed out of this session. */
    SIGN_OUT("sign_out"),
    /** The user ended this session from another one ("my devices"). */
    REVOKED_BY_USER("revoked_by_user"),
    /** The user signed out everywhere. */
    SIGN_OUT_EVERYWHERE("sign_out_everywhere"),
    /** An administrator ended it. */
    REVOKED_BY_ADMIN("revoked_by_admin"),
    /** The password of the account was changed or reset. */
    PASSWORD_CHANGED("password_changed"),
    /** The account was locked. */
    ACCOUNT_LOCKED("account_locked"),
    /** A refresh token was presented again after it had been exchanged: theft is assumed. */
    REFRESH_REUSE("refresh_reuse"),
    /** A client revoked the session's refresh token (RFC 7009). */
    TOKEN_REVOKED("token_revoked"),
    /** The client that started the session was deleted by an administrator. */
    CLIENT_DELETED("client_deleted"),
    /** The account started more sessions than it may hold at once; its oldest ended (see {@link SessionPolicy#maxPerAccount()}). */
    SESSION_LIMIT("session_limit"),
    /** Someone signed in again in the same browser, which presented this session's cookie. */
    REPLACED_BY_SIGN_IN("replaced_by_sign_in"),
    /** Its owner proved one more method (a step-up); a new session with a new token replaced it. */
    STEPPED_UP("stepped_up"),
    /** A client's grant ended because the browser session it was started from ended. */
    PARENT_SESSION_ENDED("parent_session_ended"),
    /** The account withdrew the client's access (its consent) on the account page. */
    CONSENT_REVOKED("consent_revoked"),
    /** The authorization code that started the grant was presented a second time (RFC 6749 §4.1.2). */
    CODE_REUSED("code_reused");

    private final String code;

    RevokeReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * The reason stored under this code.
     *
     * @throws IllegalArgumentException for a code no reason has (a store written by something else)
     */
    public static RevokeReason ofCode(String code) {
        for (RevokeReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown revoke reason code: " + code);
    }
}
