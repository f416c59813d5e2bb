package dev.gatehouse.verifier;

/** The token was revoked: its session, its account (before it was issued) or the token itself appears in the revocation feed. */
public final class RevokedTokenException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    RevokedTokenException(String message) {
        super(message);
    }

    RevokedTokenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "revoked";
    }

}
