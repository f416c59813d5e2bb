package dev.gatehouse.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept open on each physical connection, for a driver that prepares every
 * statement anew (SQLite: parse, plan and read the result columns each time, a large share of a
 * session check's CPU: see docs/benchmarks.md, "What the last round of profiling changed").
 * The statements are the code's constants, so each connection keeps a few dozen at most.
 *
 * <p>A pooled connection serves one thread at a time, and so do the statements kept on it. They
 * are prepared on the physical connection, under the pool's proxy, so that returning the
 * connection to the pool does not close them.
 */
final class KeptStatements {

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The statement {@code sql} on the physical connection under {@code pooled}, prepared on first use. */
    PreparedStatement of(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> kept = byConnection.get(physical);
        if (kept == null) {
            // A connection not seen before: forget the statements of any the pool has closed.
            byConnection.keySet().removeIf(KeptStatements::isClosed);
            kept = new HashMap<>();
            byConnection.put(physical, kept);
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return statement;
    }

    /** Closes and forgets a statement that failed, so that the next use starts from a fresh one. */
    void drop(Connection pooled, String sql) {
        try {
            Map<String, PreparedStatement> kept = byConnection.get(pooled.unwrap(Connection.class));
            PreparedStatement statement = kept == null ? null : kept.remove(sql);
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException e) {
            // Closing a failed statement failed too; it is forgotten all the same.
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
