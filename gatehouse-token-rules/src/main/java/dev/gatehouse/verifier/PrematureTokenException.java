package dev.gatehouse.verifier;

/** The token's {@code nbf} or {@code iat} lies in the future beyond the allowed clock skew; the message says by how much. */
public final class PrematureTokenException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public PrematureTokenException(String message) {
        super(message);
    }

    PrematureTokenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "premature";
    }

}
