package dev.gatehouse.verifier;

/** The {@code aud} claim is missing or does not contain the audience this verifier was built for. */
public final class WrongAudienceException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public WrongAudienceException(String message) {
        super(message);
    }

    WrongAudienceException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "wrong_audience";
    }

}
