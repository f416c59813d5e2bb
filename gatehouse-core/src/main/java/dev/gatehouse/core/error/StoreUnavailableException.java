package dev.gatehouse.core.error;

/**
 * A store could not do what was asked: it failed, timed out or is unreachable. Each backend
 * throws its own subclass (the Redis and SQL stores do); callers of a port catch none of them,
 * since they can do nothing about it but report it, and the server answers every one the same
 * way, as {@link ErrorCode#STORE_UNAVAILABLE}: a 503 with {@code Retry-After}, never a
 * half-checked answer. A store whose disk is full says so with {@link ErrorCode#STORAGE_FULL}
 * instead, since its operator must free space rather than wait, and reads still work.
 *
 * <p>Not a {@link GatehouseException}: those are the caller's fault or Gatehouse's own refusal
 * and carry neither a cause nor a stack, while this one keeps its cause for the operator. The
 * message names the operation, never a value (keys and bound values hold token hashes), since it
 * ends up in logs.
 */
public abstract class StoreUnavailableException extends RuntimeException {

    protected StoreUnavailableException(String message) {
        super(message);
    }

    protected StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The code the failure is answered with: {@link ErrorCode#STORE_UNAVAILABLE} unless a backend knows better. */
    public ErrorCode errorCode() {
        return ErrorCode.STORE_UNAVAILABLE;
    }
}
