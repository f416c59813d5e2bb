package dev.gatehouse.verifier;

/** The {@code iss} claim is missing or is not the issuer this verifier was built for. */
public final class WrongIssuerException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public WrongIssuerException(String message) {
        super(message);
    }

    WrongIssuerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "wrong_issuer";
    }

}
