package dev.gatehouse.verifier;

/** Not a compact JWS we can read: wrong shape or size, bad base64url, JSON that is invalid or has duplicate member names, a JWE or JSON serialization. */
public final class MalformedTokenException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public MalformedTokenException(String message) {
        super(message);
    }

    MalformedTokenException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "malformed";
    }

}
