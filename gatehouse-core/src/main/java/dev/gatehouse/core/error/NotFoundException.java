package dev.gatehouse.core.error;

/** The thing named does not exist, or is not visible to the caller (HTTP 404), or not for this method (405). */
public final class NotFoundException extends GatehouseException {

    public NotFoundException(ErrorCode code, String message) {
        super(code, message);
    }
}
