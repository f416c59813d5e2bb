package dev.gatehouse.core.mfa;

/** A kind of second factor an account may have. The codes are stable: APIs name them. */
public enum FactorKind {
    TOTP("totp"),
    RECOVERY_CODE("recovery_code"),
    PASSKEY("passkey");

    private final String code;

    FactorKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
