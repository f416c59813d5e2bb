package dev.gatehouse.core.error;

/** The request conflicts with what is stored, for example a name taken (HTTP 409). */
public final class ConflictException extends GatehouseException {

    public ConflictException(ErrorCode code, String message) {
        super(code, message);
    }
}
