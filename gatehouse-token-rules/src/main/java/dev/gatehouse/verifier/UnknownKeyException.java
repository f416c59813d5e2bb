package dev.gatehouse.verifier;

/** The header names a key that is not in the issuer's key set (even after a refetch), or a key the set holds but this verifier cannot use, with the reason. */
public final class UnknownKeyException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public UnknownKeyException(String message) {
        super(message);
    }

    UnknownKeyException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "unknown_key";
    }

}
