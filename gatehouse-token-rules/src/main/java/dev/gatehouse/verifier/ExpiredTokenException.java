package dev.gatehouse.verifier;

/** The token's {@code exp} has passed, beyond the allowed clock skew; the message says by how much. */
public final class ExpiredTokenException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public ExpiredTokenException(String message) {
        super(message);
    }

    ExpiredTokenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "expired";
    }

}
