package dev.gatehouse.store.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The current row of a result, read by column name.
 *
 * <p>A driver resolves a name by building a name-to-position map for every result it returns;
 * with SQLite that was about a tenth of a session check's CPU. {@link Database} resolves the
 * names once per statement text ({@link #positions}) and every row reads by position.
 */
final class ResultRow {

    private final ResultSet rs;
    private final Map<String, Integer> positions;

    ResultRow(ResultSet rs, Map<String, Integer> positions) {
        this.rs = rs;
        this.positions = positions;
    }

    /** The lower-case label of each column of {@code rs}, mapped to its position. */
    static Map<String, Integer> positions(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            positions.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        return Map.copyOf(positions);
    }

    String text(String column) throws SQLException {
        return rs.getString(at(column));
    }

    long number(String column) throws SQLException {
        return rs.getLong(at(column));
    }

    boolean flag(String column) throws SQLException {
        return rs.getBoolean(at(column));
    }

    byte[] bytes(String column) throws SQLException {
        return rs.getBytes(at(column));
    }

    /** An epoch-millisecond column that may be NULL. */
    Instant instant(String column) throws SQLException {
        long millis = rs.getLong(at(column));
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private int at(String column) {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalArgumentException("the statement selects no column " + column);
        }
        return position;
    }
}
