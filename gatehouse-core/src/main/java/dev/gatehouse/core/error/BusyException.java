package dev.gatehouse.core.error;

import java.time.Duration;

/**
 * Gatehouse is saturated (for example every password-hashing slot is taken) and refuses work
 * rather than queue it without bound (HTTP 503 with {@code Retry-After}).
 */
public final class BusyException extends GatehouseException {

    private final Duration retryAfter;

    public BusyException(ErrorCode code, String message, Duration retryAfter) {
        super(code, message);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
