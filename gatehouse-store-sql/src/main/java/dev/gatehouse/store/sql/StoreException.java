package dev.gatehouse.store.sql;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.StoreUnavailableException;
import java.sql.SQLException;

/**
 * A SQL store could not do what was asked: the database failed, is unreachable, or holds a schema
 * this code cannot use. Unchecked, because no caller of a port can do anything about it but
 * report it.
 *
 * <p>The message names the operation and the database's error codes, never a bound value: the
 * values are token hashes, password hashes and the like, and messages end up in logs. The cause
 * is kept for diagnosis. SQLite's own messages name tables and columns, not values; a backend
 * whose driver puts values into its messages (PostgreSQL's "Key (token_hash)=(...) already
 * exists" detail) must switch that off in its driver settings.
 */
public final class StoreException extends StoreUnavailableException {

    private final ErrorCode code;

    StoreException(String message) {
        this(message, null, ErrorCode.STORE_UNAVAILABLE);
    }

    StoreException(String message, Throwable cause) {
        this(message, cause, ErrorCode.STORE_UNAVAILABLE);
    }

    private StoreException(String message, Throwable cause, ErrorCode code) {
        super(message, cause);
        this.code = code;
    }

    /** A failed statement: the operation, and the codes an operator can look up. */
    static StoreException failed(String operation, SQLException cause) {
        return new StoreException("could not " + operation + " (SQLState " + cause.getSQLState()
                + ", error code " + cause.getErrorCode() + ")", cause);
    }

    /** A write the database refused because its disk is full; it wrote nothing, and reads still work. */
    static StoreException diskFull(String operation, SQLException cause) {
        return new StoreException("could not " + operation + ": the database's disk is full (SQLState "
                + cause.getSQLState() + ", error code " + cause.getErrorCode() + ")", cause, ErrorCode.STORAGE_FULL);
    }

    @Override
    public ErrorCode errorCode() {
        return code;
    }
}
