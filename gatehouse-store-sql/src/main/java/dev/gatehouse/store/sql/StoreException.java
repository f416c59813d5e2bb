package dev.gatehouse.store.sql;

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

    StoreException(String message) {
        super(message);
    }

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failed statement: the operation, and the codes an operator can look up. */
    static StoreException failed(String operation, SQLException cause) {
        return new StoreException("could not " + operation + " (SQLState " + cause.getSQLState()
                + ", error code " + cause.getErrorCode() + ")", cause);
    }
}
