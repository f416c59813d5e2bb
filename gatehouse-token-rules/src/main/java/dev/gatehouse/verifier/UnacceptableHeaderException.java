package dev.gatehouse.verifier;

/** A header this verifier never accepts (RFC 8725): {@code alg: none} in any spelling, an algorithm it does not support, {@code jwk}, {@code jku}, {@code x5u}, {@code x5c}, {@code crit}, {@code b64}, {@code zip}, a nested token ({@code cty: JWT}), or a {@code kid} that is not a plain short name. */
public final class UnacceptableHeaderException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public UnacceptableHeaderException(String message) {
        super(message);
    }

    UnacceptableHeaderException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "unacceptable_header";
    }

}
