package dev.gatehouse.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs one prepared statement on a pooled connection in auto-commit mode, which is all almost
 * every port method needs: each is a single atomic statement, so none holds a transaction open.
 * The few that must change several tables or rows as one ({@link #transaction}) run a short list
 * of statements in one transaction, with nothing read in between.
 *
 * <p>Parameters are bound by type; {@link Instant}s become epoch milliseconds, the one form in
 * which every table keeps time, and {@code byte[]}s become BLOBs (PostgreSQL: BYTEA).
 *
 * <p>SQLite allows one writer at a time, and a writer that finds the database locked sleeps in
 * its busy handler (growing sleeps) before it tries again. Under concurrent requests those
 * sleeps, not the writes, set the pace, and some writers wait out the whole busy timeout (numbers
 * in docs/benchmarks.md, "What the last round of profiling changed"). So within this process writes queue
 * on a fair lock instead, and only another process (a management command run beside the server)
 * can still meet the busy handler. Reads never wait: in WAL mode they see the last commit.
 * PostgreSQL locks rows, not the database, so there ({@link SqlDialect#serializesWrites()} is
 * false) writes go straight to the pool.
 */
final class Database {

    /** Reads one row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultRow row) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final ReentrantLock writer = new ReentrantLock(true);
    /** Column positions by statement text: the statements are constants, so this stays small. */
    private final Map<String, Map<String, Integer>> columnPositions = new ConcurrentHashMap<>();
    private final KeptStatements statements = new KeptStatements();

    Database(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** The database's dialect, for the few statements that cannot be portable. */
    SqlDialect dialect() {
        return dialect;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it matched. */
    int update(String operation, String sql, Object... params) {
        return run(operation, sql, ps -> {
            bind(ps, params);
            return ps.executeUpdate();
        });
    }

    /**
     * Runs an INSERT; false, with nothing written, when it would duplicate a unique key or (an
     * {@code INSERT ... SELECT}) when it selected no row.
     */
    boolean insertUnlessDuplicate(String operation, String sql, Object... params) {
        try {
            return run(operation, sql, ps -> {
                bind(ps, params);
                return ps.executeUpdate() > 0;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException cause && dialect.isUniqueViolation(cause)) {
                return false;
            }
            throw e;
        }
    }

    /** Runs a query, or a statement with {@code RETURNING}, and reads every row. */
    <T> List<T> list(String operation, String sql, Row<T> row, Object... params) {
        return run(operation, sql, ps -> {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                if (rs.next()) {
                    Map<String, Integer> positions = columnPositions.get(sql);
                    if (positions == null) {
                        positions = ResultRow.positions(rs);
                        columnPositions.put(sql, positions);
                    }
                    ResultRow current = new ResultRow(rs, positions);
                    do {
                        out.add(row.map(current));
                    } while (rs.next());
                }
                return out;
            }
        });
    }

    /** One statement of a {@link #transaction}. */
    record Step(String sql, Object... params) {
    }

    /**
     * Runs INSERTs, UPDATEs and DELETEs in one transaction: all take effect or none does.
     *
     * @return the rows each statement matched, in order
     */
    int[] transaction(String operation, Step... steps) {
        lockForWrite(steps[0].sql());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] counts = new int[steps.length];
                for (int i = 0; i < steps.length; i++) {
                    try (PreparedStatement ps = c.prepareStatement(steps[i].sql())) {
                        bind(ps, steps[i].params());
                        counts[i] = ps.executeUpdate();
                    }
                }
                c.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw dialect.isDiskFull(e) ? StoreException.diskFull(operation, e) : StoreException.failed(operation, e);
        } finally {
            unlockForWrite(steps[0].sql());
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(PreparedStatement ps) throws SQLException;
    }

    /** Runs {@code work} on the statement {@code sql} on a pooled connection, queued behind other writers if need be. */
    private <T> T run(String operation, String sql, Work<T> work) {
        lockForWrite(sql);
        try (Connection c = dataSource.getConnection()) {
            if (!dialect.keepsStatements()) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    return work.on(ps);
                }
            }
            PreparedStatement ps = statements.of(c, sql);
            try {
                T result = work.on(ps);
                ps.clearParameters();
                return result;
            } catch (SQLException e) {
                if (!dialect.isUniqueViolation(e)) { // an expected refusal leaves the statement sound
                    statements.drop(c, sql);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw dialect.isDiskFull(e) ? StoreException.diskFull(operation, e) : StoreException.failed(operation, e);
        } finally {
            unlockForWrite(sql);
        }
    }

    private void lockForWrite(String sql) {
        if (dialect.serializesWrites() && !isQuery(sql)) {
            writer.lock();
        }
    }

    private void unlockForWrite(String sql) {
        if (dialect.serializesWrites() && !isQuery(sql)) {
            writer.unlock();
        }
    }

    private static boolean isQuery(String sql) {
        return sql.regionMatches(true, 0, "SELECT", 0, 6);
    }

    /** Like {@link #list} for a statement that finds at most one row. */
    <T> Optional<T> find(String operation, String sql, Row<T> row, Object... params) {
        return list(operation, sql, row, params).stream().findFirst();
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            switch (params[i]) {
                case null -> ps.setNull(index, Types.NULL);
                case String s -> ps.setString(index, s);
                case Long l -> ps.setLong(index, l);
                case Integer n -> ps.setInt(index, n);
                case Boolean b -> ps.setBoolean(index, b);
                case Instant t -> ps.setLong(index, t.toEpochMilli());
                case byte[] bytes -> ps.setBytes(index, bytes);
                default -> throw new IllegalArgumentException("cannot bind a " + params[i].getClass().getName());
            }
        }
    }
}
