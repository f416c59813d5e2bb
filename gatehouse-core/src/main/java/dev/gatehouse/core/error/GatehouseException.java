package dev.gatehouse.core.error;

import java.util.Objects;

/**
 * Root of every failure Gatehouse reports to a caller.
 *
 * <p>Each subclass names a category (bad input, not authenticated, not permitted, not found,
 * conflict, busy) that callers catch; the {@link ErrorCode} it carries is the stable,
 * machine-readable identifier clients switch on, and decides the HTTP status. A code must belong
 * to the category: constructing, say, a {@link NotAuthenticatedException} with a 403 code fails at
 * once, so a category and a status cannot disagree. Messages are written for humans and must
 * never contain a secret (password, token, hash).
 */
public abstract sealed class GatehouseException extends RuntimeException
        permits InvalidInputException, NotAuthenticatedException, NotPermittedException,
                NotFoundException, ConflictException, BusyException {

    private final ErrorCode error;

    protected GatehouseException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        if (!belongs(error.status())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " cannot carry " + error
                    + " (status " + error.status() + ")");
        }
    }

    /** The statuses each category may carry. */
    private boolean belongs(int status) {
        return switch (this) {
            case InvalidInputException e -> status == 400 || status == 406 || status == 413 || status == 415;
            case NotAuthenticatedException e -> status == 401;
            case NotPermittedException e -> status == 403;
            case NotFoundException e -> status == 404 || status == 405;
            case ConflictException e -> status == 409;
            case BusyException e -> status == 429 || status == 503;
        };
    }

    /** The catalogue entry of this failure: its code, status, OAuth error and title. */
    public ErrorCode errorCode() {
        return error;
    }

    /** The stable, snake_case identifier of this failure, for example {@code invalid_credentials}. */
    public String code() {
        return error.code();
    }
}
