package dev.gatehouse.server.http;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a server on the embedded store has stored (accounts, sessions, refresh tokens,
 * clients, keys, revocations, audit, attempt windows), read row by row from its SQLite file: two
 * snapshots are equal when no request changed anything. Read through a connection of its own,
 * which SQLite allows beside the server's.
 *
 * <p>Left out: {@value #FOLLOWERS_MARKS}, how far the server's background followers have read the
 * revocation log. It moves on its own, moments after the log grows (a sign-in that replaced a
 * session, say), so it says nothing about the request just sent; the log itself is compared.
 */
final class StoredState {

    private static final String FOLLOWERS_MARKS = "log_marks";

    private StoredState() {
    }

    /** Each table's rows as text, by table name. */
    static Map<String, List<String>> of(Path dataDirectory) {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("gatehouse.db"));
             Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            names.remove(FOLLOWERS_MARKS);
            for (String name : names) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + name + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            row.append(value instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : value).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(name, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the store at " + dataDirectory, e);
        }
        return tables;
    }
}
