package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private HikariDataSource pool;

    @BeforeEach
    void openPool() {
        pool = SqliteStores.pool(SqliteStores.createFiles(directory));
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    private int migrate(String folder) {
        return new SchemaMigrations(pool, SqlDialect.SQLITE, folder, CLOCK).migrate();
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void scripts_are_applied_in_order_and_recorded() throws SQLException {
        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("one red");
        assertThat(query("SELECT version || '@' || applied_at FROM schema_version ORDER BY version"))
                .containsExactly("1@" + CLOCK.millis(), "2@" + CLOCK.millis());
    }

    @Test
    void migrating_again_changes_nothing() throws SQLException {
        migrate("db/test-migrations");
        execute("UPDATE things SET name = 'kept'");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name FROM things")).containsExactly("kept");
        assertThat(query("SELECT version FROM schema_version")).hasSize(2);
    }

    @Test
    void a_failing_script_is_rolled_back_entirely_and_not_recorded() throws SQLException {
        assertThatThrownBy(() -> migrate("db/failing-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("db/failing-migrations/V2.sql");

        assertThat(query("SELECT version FROM schema_version")).containsExactly("1");
        assertThat(query("SELECT name FROM sqlite_master WHERE name = 'half_done'")).isEmpty();
    }

    @Test
    void a_database_newer_than_the_scripts_is_refused_untouched() throws SQLException {
        migrate("db/test-migrations");
        execute("INSERT INTO schema_version (version, applied_at) VALUES (7, 0)");

        assertThatThrownBy(() -> migrate("db/test-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("version 7")
                .hasMessageContaining("newest this Gatehouse knows (2)");
    }

    @Test
    void the_shipped_sqlite_scripts_apply_cleanly() throws SQLException {
        int version = migrate(SqlDialect.SQLITE.migrationFolder());

        assertThat(version).isPositive();
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .contains("accounts", "sessions", "audit_events", "signing_keys", "clients",
                        "refresh_tokens", "revocations", "attempts", "schema_version");
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"))
                .containsExactlyInAnyOrder("accounts_username_key", "sessions_token_hash", "sessions_account",
                        "sessions_expiry", "refresh_tokens_lineage", "refresh_tokens_sealed", "revocations_subject",
                        "revocations_forget_after", "attempts_ends_at");
    }
}
