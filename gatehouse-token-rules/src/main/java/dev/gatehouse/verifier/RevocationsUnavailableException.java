package dev.gatehouse.verifier;

/** The revocation feed has not been heard from for longer than the allowed staleness, so the verifier cannot tell whether the token was revoked and fails closed. Not the token's fault: {@link #status()} is 503. */
public final class RevocationsUnavailableException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    RevocationsUnavailableException(String message) {
        super(message);
    }

    RevocationsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "revocations_unavailable";
    }

    @Override
    public int status() {
        return 503;
    }
}
