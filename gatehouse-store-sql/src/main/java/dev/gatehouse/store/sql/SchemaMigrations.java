package dev.gatehouse.store.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database schema up to date with Flyway, from the scripts {@code V1.sql},
 * {@code V2.sql}, ... in one classpath folder (Flyway's names with the description left out),
 * recorded in {@code flyway_schema_history}.
 *
 * <p>Flyway applies each script once, in order, in its own transaction, so a failed script leaves
 * nothing of itself behind (both databases roll back DDL). Processes starting together migrate
 * once: on PostgreSQL Flyway holds an advisory lock while it reads the history and applies a
 * script; on SQLite every transaction begins IMMEDIATE (see {@link SqliteStores}), so reading the
 * history and applying a script happen under the database's only write lock.
 *
 * <p>Databases created before Flyway carry their own history table, {@code schema_version}
 * (version, applied_at): their first Flyway migration baselines at its highest version, so
 * nothing is applied twice; {@code schema_version} is then left as it was.
 *
 * <p>A database migrated by a newer Gatehouse is refused, not touched: this code cannot know what
 * the newer scripts changed (Flyway would ignore such "future" migrations by default).
 */
final class SchemaMigrations {

    /** The history table of the migrations Gatehouse ran itself, before Flyway. */
    static final String LEGACY_TABLE = "schema_version";
    /** Flyway's history table (its default name). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final DataSource dataSource;
    private final String folder;

    /** Migrates with the dialect's own scripts. */
    SchemaMigrations(DataSource dataSource, SqlDialect dialect) {
        this(dataSource, dialect.migrationFolder());
    }

    SchemaMigrations(DataSource dataSource, String folder) {
        this.dataSource = dataSource;
        this.folder = folder;
    }

    /**
     * Applies every script not yet applied.
     *
     * @return the schema version the database is at afterwards
     * @throws StoreException when a script fails (its changes are rolled back) or the database is
     *                        newer than the scripts
     */
    int migrate() {
        int legacy = legacyVersion();
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + folder)
                .failOnMissingLocations(true)
                .baselineOnMigrate(legacy > 0)
                .baselineVersion(Integer.toString(Math.max(legacy, 1)))
                .baselineDescription("migrated before Flyway (" + LEGACY_TABLE + ")")
                .ignoreMigrationPatterns(new String[0]) // refuse, rather than ignore, migrations this code does not know
                .cleanDisabled(true)
                .load();
        if (legacy > 0) {
            refuseNewer(flyway.info(), legacy); // once, before the baseline hides the scripts below it
        }
        try {
            MigrateResult result = flyway.migrate();
            return Integer.parseInt(Objects.requireNonNullElse(result.targetSchemaVersion,
                    Objects.requireNonNullElse(result.initialSchemaVersion, "0")));
        } catch (FlywayException e) {
            refuseNewer(flyway.info(), legacy);
            throw new StoreException("could not migrate the schema in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a database that a newer Gatehouse has migrated, the usual reason validation fails. */
    private static void refuseNewer(MigrationInfoService info, int legacy) {
        int known = Arrays.stream(info.all())
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .mapToInt(m -> m.getVersion().getMajor().intValueExact())
                .max().orElse(0);
        MigrationInfo current = info.current();
        int applied = Math.max(legacy, current == null || current.getVersion() == null ? 0
                : current.getVersion().getMajor().intValueExact());
        if (applied > known) {
            throw new StoreException("the database schema is at version " + applied
                    + ", newer than the newest this Gatehouse knows (" + known + "); it was upgraded by a newer"
                    + " Gatehouse: run that version, or restore a backup taken before the upgrade");
        }
    }

    /**
     * The highest version in {@value #LEGACY_TABLE}, or 0 where there is nothing to baseline: no
     * such table, or Flyway already keeps the history.
     */
    private int legacyVersion() {
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c, LEGACY_TABLE) || tableExists(c, HISTORY_TABLE)) {
                return 0;
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + LEGACY_TABLE)) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw StoreException.failed("read " + LEGACY_TABLE, e);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        // SQLite has no schemas (the driver wants none named); PostgreSQL: the connection's current one.
        String schema = "SQLite".equals(c.getMetaData().getDatabaseProductName()) ? null : c.getSchema();
        try (ResultSet tables = c.getMetaData().getTables(null, schema, name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
