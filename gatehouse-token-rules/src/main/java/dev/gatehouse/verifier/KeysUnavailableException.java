package dev.gatehouse.verifier;

/** The issuer's key set has never been loaded (Gatehouse unreachable since start), so no token can be checked. Not the token's fault: {@link #status()} is 503. */
public final class KeysUnavailableException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    KeysUnavailableException(String message) {
        super(message);
    }

    KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "keys_unavailable";
    }

    @Override
    public int status() {
        return 503;
    }
}
