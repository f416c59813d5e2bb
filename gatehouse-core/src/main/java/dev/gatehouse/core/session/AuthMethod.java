package dev.gatehouse.core.session;

/**
 * A way a session's owner proved who they are. The codes are stable: they are stored with the
 * session. {@link #amr()} is the RFC 8176 value tokens and headers report.
 */
public enum AuthMethod {
    /** The account's password. */
    PASSWORD("pwd", "pwd", Factor.KNOWLEDGE),
    /** A code from an authenticator app (RFC 6238). */
    TOTP("totp", "otp", Factor.POSSESSION),
    /** One of the account's one-time recovery codes: a one-time password (RFC 8176 {@code otp}). */
    RECOVERY_CODE("rc", "otp", Factor.POSSESSION),
    /**
     * A passkey bound to one device (its backup-eligible flag unset): a hardware-protected key,
     * RFC 8176 {@code hwk}. Gatehouse asks for user verification, so it proves two factors.
     */
    DEVICE_PASSKEY("hwk", "hwk", Factor.POSSESSION_AND_VERIFIED_USER),
    /**
     * A passkey that may be synced between devices (backup-eligible): a software-protected key,
     * RFC 8176 {@code swk}; with user verification, two factors.
     */
    SYNCED_PASSKEY("swk", "swk", Factor.POSSESSION_AND_VERIFIED_USER);

    /** What kind of proof a method is; two kinds, or a verified-user key, make a second factor. */
    public enum Factor { KNOWLEDGE, POSSESSION, POSSESSION_AND_VERIFIED_USER }

    private final String code;
    private final String amr;
    private final Factor factor;

    AuthMethod(String code, String amr, Factor factor) {
        this.code = code;
        this.amr = amr;
        this.factor = factor;
    }

    /** The code stored with a session. */
    public String code() {
        return code;
    }

    /** The RFC 8176 authentication method reference. */
    public String amr() {
        return amr;
    }

    public Factor factor() {
        return factor;
    }

    /**
     * The method stored under this code.
     *
     * @throws IllegalArgumentException for a code no method has
     */
    public static AuthMethod ofCode(String code) {
        for (AuthMethod method : values()) {
            if (method.code.equals(code)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown authentication method code: " + code);
    }
}
