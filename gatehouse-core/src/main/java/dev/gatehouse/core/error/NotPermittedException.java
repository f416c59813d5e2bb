package dev.gatehouse.core.error;

/** The caller is signed in but may not do this (HTTP 403). */
public final class NotPermittedException extends GatehouseException {

    public NotPermittedException(ErrorCode code, String message) {
        super(code, message);
    }
}
