package dev.gatehouse.verifier;

/** The signature does not verify with the key the header names, or is not even well formed (an ES256 signature that is not 64 bytes, or whose r or s is zero or not below the group order). */
public final class InvalidSignatureException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(message);
    }

    InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_signature";
    }

}
