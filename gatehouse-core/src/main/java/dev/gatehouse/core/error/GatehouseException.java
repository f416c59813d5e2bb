package dev.gatehouse.core.error;

import java.util.Objects;

/**
 * Root of every failure Gatehouse reports to a caller.
 *
 * <p>Each subclass names a category (bad input, not authenticated, not permitted, not found,
 * conflict, busy) that the HTTP layer maps to one status in one place; the {@link #code()} is a
 * stable, machine-readable identifier clients may switch on. Messages are written for humans and
 * must never contain a secret (password, token, hash).
 */
public abstract sealed class GatehouseException extends RuntimeException
        permits InvalidInputException, NotAuthenticatedException, NotPermittedException,
                NotFoundException, ConflictException, BusyException {

    private final String code;

    protected GatehouseException(String code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A stable, snake_case identifier of this failure, for example {@code invalid_credentials}. */
    public String code() {
        return code;
    }
}
