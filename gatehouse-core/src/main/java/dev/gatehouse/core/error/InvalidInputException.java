package dev.gatehouse.core.error;

/** The request or a value in it is not acceptable (HTTP 400/406/413/415). */
public final class InvalidInputException extends GatehouseException {

    public InvalidInputException(ErrorCode code, String message) {
        super(code, message);
    }
}
