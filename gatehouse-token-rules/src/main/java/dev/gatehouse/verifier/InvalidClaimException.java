package dev.gatehouse.verifier;

/** A required claim ({@code sub}, {@code jti}, {@code client_id}, {@code sid}, {@code exp}, {@code iat}) is missing or of the wrong type, or an optional one ({@code scope}, {@code nbf}, {@code amr}, {@code auth_time}, {@code acr}) is of the wrong type. */
public final class InvalidClaimException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    public InvalidClaimException(String message) {
        super(message);
    }

    InvalidClaimException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "invalid_claim";
    }

}
