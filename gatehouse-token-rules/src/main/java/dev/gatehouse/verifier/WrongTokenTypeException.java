package dev.gatehouse.verifier;

/** The {@code typ} header is not {@code at+jwt} (RFC 9068): an ID token, a refresh token or some other JWT presented as an access token. */
public final class WrongTokenTypeException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public WrongTokenTypeException(String message) {
        super(message);
    }

    WrongTokenTypeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "wrong_type";
    }

}
