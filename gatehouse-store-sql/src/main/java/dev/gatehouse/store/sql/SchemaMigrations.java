package dev.gatehouse.store.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Brings a database schema up to date from the scripts {@code V1.sql}, {@code V2.sql}, ... in one
 * classpath folder, each applied once, in order, in its own transaction, and recorded in
 * {@code schema_version}.
 *
 * <p>Scripts are found by probing V1, V2, ... until one is missing, because a classpath folder
 * inside a jar cannot portably be listed; a gap in the numbering therefore ends the list. A
 * script is split into statements at {@code ;}: scripts must not put one inside a statement
 * (no triggers, no string literals with semicolons). Lines starting with {@code --} are comments.
 *
 * <p>Each migration re-reads the version inside its transaction, so two processes starting on
 * the same database at once apply each script once. That relies on the transaction holding a
 * lock that every migrating process takes first: SQLite's write lock, taken when an IMMEDIATE
 * transaction begins, or whatever {@link SqlDialect#migrationLock()} takes (PostgreSQL: an
 * advisory lock). Creating {@code schema_version} runs under the same lock, because concurrent
 * {@code CREATE TABLE IF NOT EXISTS} is not safe on PostgreSQL. Scripts must therefore be
 * transactional: both databases roll back DDL, so a failed script leaves nothing behind.
 * A database migrated by a newer Gatehouse is refused, not touched: this code cannot know what
 * the newer scripts changed.
 */
final class SchemaMigrations {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String folder;
    private final Clock clock;

    /** Migrates with the dialect's own scripts. */
    SchemaMigrations(DataSource dataSource, SqlDialect dialect, Clock clock) {
        this(dataSource, dialect, dialect.migrationFolder(), clock);
    }

    SchemaMigrations(DataSource dataSource, SqlDialect dialect, String folder, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * Applies every script not yet applied.
     *
     * @return the schema version the database is at afterwards
     * @throws StoreException when a script fails (its changes are rolled back) or the database is
     *                        newer than the scripts
     */
    int migrate() {
        List<URL> scripts = scripts();
        try (Connection c = dataSource.getConnection()) {
            createVersionTable(c);
            refuseNewer(currentVersion(c), scripts.size());
            for (int version = 1; version <= scripts.size(); version++) {
                apply(c, version, scripts.get(version - 1));
            }
            return currentVersion(c);
        } catch (SQLException e) {
            throw StoreException.failed("migrate the schema in " + folder, e);
        }
    }

    private void refuseNewer(int current, int known) {
        if (current > known) {
            throw new StoreException("the database schema is at version " + current
                    + ", newer than the newest this Gatehouse knows (" + known + "); it was upgraded by a newer"
                    + " Gatehouse: run that version, or restore a backup taken before the upgrade");
        }
    }

    private void createVersionTable(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            lock(c);
            try (Statement s = c.createStatement()) {
                // BIGINT: epoch milliseconds outgrow PostgreSQL's INTEGER; to SQLite both are one type.
                s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void lock(Connection c) throws SQLException {
        String sql = dialect.migrationLock();
        if (sql != null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    private void apply(Connection c, int version, URL script) throws SQLException {
        c.setAutoCommit(false);
        try {
            lock(c);
            // Re-read under the write lock: another process may have applied it meanwhile.
            if (currentVersion(c) < version) {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script)) {
                        s.executeUpdate(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, version);
                    ps.setLong(2, clock.millis());
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            if (e instanceof SQLException sql) {
                throw StoreException.failed("apply " + folder + "/V" + version + ".sql", sql);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<URL> scripts() {
        ClassLoader loader = SchemaMigrations.class.getClassLoader();
        List<URL> scripts = new ArrayList<>();
        for (int version = 1; ; version++) {
            URL url = loader.getResource(folder + "/V" + version + ".sql");
            if (url == null) {
                return scripts;
            }
            scripts.add(url);
        }
    }

    static List<String> statements(URL script) {
        String text;
        try (InputStream in = script.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + script, e);
        }
        String withoutComments = text.lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(sql -> !sql.isEmpty())
                .toList();
    }
}
