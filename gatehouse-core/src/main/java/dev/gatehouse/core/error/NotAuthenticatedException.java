package dev.gatehouse.core.error;

/** The caller is not signed in, or its credentials are wrong (HTTP 401). */
public final class NotAuthenticatedException extends GatehouseException {

    public NotAuthenticatedException(ErrorCode code, String message) {
        super(code, message);
    }
}
