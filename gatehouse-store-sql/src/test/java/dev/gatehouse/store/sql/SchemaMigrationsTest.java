package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SchemaMigrations} on SQLite: Flyway, the baseline of databases migrated before it, and processes migrating at once. */
class SchemaMigrationsTest {

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
        return new SchemaMigrations(pool, folder).migrate();
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

    /** The steps SQLite would take for {@code sql}. */
    private List<String> plan(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            List<String> steps = new ArrayList<>();
            while (rs.next()) {
                steps.add(rs.getString("detail"));
            }
            return steps;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private List<String> history() throws SQLException {
        return query("SELECT version || ' ' || type || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    @Test
    void scripts_are_applied_in_order_and_recorded() throws SQLException {
        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("one red");
        assertThat(history()).containsExactly("1 SQL 1", "2 SQL 1");
    }

    @Test
    void migrating_again_changes_nothing() throws SQLException {
        migrate("db/test-migrations");
        execute("UPDATE things SET name = 'kept'");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name FROM things")).containsExactly("kept");
        assertThat(history()).hasSize(2);
    }

    @Test
    void a_failing_script_is_rolled_back_entirely_and_not_recorded() throws SQLException {
        assertThatThrownBy(() -> migrate("db/failing-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("V2.sql");

        assertThat(history()).containsExactly("1 SQL 1");
        assertThat(query("SELECT name FROM sqlite_master WHERE name = 'half_done'")).isEmpty();
    }

    @Test
    void a_database_newer_than_the_scripts_is_refused_untouched() throws SQLException {
        migrate("db/newer-migrations");

        assertThatThrownBy(() -> migrate("db/test-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("version 3")
                .hasMessageContaining("newest this Gatehouse knows (2)");
        assertThat(history()).containsExactly("1 SQL 1", "2 SQL 1", "3 SQL 1");
    }

    @Test
    void a_database_migrated_before_flyway_is_baselined_at_its_version_and_only_newer_scripts_run() throws SQLException {
        execute("CREATE TABLE things (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL)");
        execute("INSERT INTO things (id, name) VALUES (1, 'kept')");
        execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
        execute("INSERT INTO schema_version (version, applied_at) VALUES (1, 0)");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("kept red");
        assertThat(history()).containsExactly("1 BASELINE 1", "2 SQL 1");
        assertThat(migrate("db/test-migrations")).isEqualTo(2);
        assertThat(history()).hasSize(2);
    }

    @Test
    void a_database_migrated_before_flyway_by_a_newer_gatehouse_is_refused_untouched() throws SQLException {
        execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
        execute("INSERT INTO schema_version (version, applied_at) VALUES (7, 0)");

        assertThatThrownBy(() -> migrate("db/test-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("version 7")
                .hasMessageContaining("newest this Gatehouse knows (2)");
        assertThat(query("SELECT name FROM sqlite_master WHERE name IN ('things', 'flyway_schema_history')")).isEmpty();
    }

    @Test
    void processes_starting_together_on_a_new_database_migrate_it_once() throws Exception {
        int processes = 4;
        ExecutorService threads = Executors.newFixedThreadPool(processes);
        List<HikariDataSource> pools = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> migrations = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                HikariDataSource own = SqliteStores.pool(directory.resolve(SqliteStores.FILE_NAME)); // as another process would
                pools.add(own);
                migrations.add(threads.submit(() -> {
                    go.await();
                    return new SchemaMigrations(own, SqlDialect.SQLITE).migrate();
                }));
            }
            go.countDown();
            for (Future<Integer> migration : migrations) {
                assertThat(migration.get(60, TimeUnit.SECONDS)).isEqualTo(9);
            }

            assertThat(history()).containsExactly("1 SQL 1", "2 SQL 1", "3 SQL 1", "4 SQL 1", "5 SQL 1", "6 SQL 1", "7 SQL 1",
                    "8 SQL 1", "9 SQL 1");
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
    }

    @Test
    void the_shipped_sqlite_scripts_apply_cleanly() throws SQLException {
        int version = new SchemaMigrations(pool, SqlDialect.SQLITE).migrate();

        assertThat(version).isEqualTo(9);
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .contains("accounts", "sessions", "audit_events", "signing_keys", "clients",
                        "refresh_tokens", "revocations", "attempts", "totp_secrets", "recovery_codes", "passkeys",
                        "grants", "consents", "device_grants", "logout_deliveries", "log_marks", "flyway_schema_history");
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
                + " AND tbl_name <> 'flyway_schema_history'"))
                .containsExactlyInAnyOrder("accounts_username_key", "sessions_token_hash", "sessions_account",
                        "sessions_account_active", "sessions_expiry", "refresh_tokens_lineage", "refresh_tokens_sealed", "revocations_subject",
                        "revocations_forget_after", "attempts_ends_at", "passkeys_account", "audit_events_account", "audit_events_type",
                        "audit_events_at", "accounts_locked", "grants_parent", "grants_holder", "grants_code",
                        "grants_created", "device_grants_user_code", "device_grants_expiry",
                        "logout_deliveries_client_session", "logout_deliveries_due", "logout_deliveries_session",
                        "logout_deliveries_created");
    }

    @Test
    void the_admin_lists_are_answered_from_indexes() throws SQLException {
        new SchemaMigrations(pool, SqlDialect.SQLITE).migrate();

        assertThat(plan("SELECT COUNT(*) AS n FROM accounts WHERE locked"))
                .anySatisfy(step -> assertThat(step).contains("accounts_locked"));
        assertThat(plan("SELECT seq FROM audit_events WHERE seq < 100 AND account_id = 'a'"
                + " ORDER BY seq DESC LIMIT 10")).anySatisfy(step -> assertThat(step).contains("audit_events_account"));
        assertThat(plan("SELECT id FROM accounts WHERE username_key >= 'al'"
                + " AND username_key > 'alb' ORDER BY username_key LIMIT 10"))
                .anySatisfy(step -> assertThat(step).contains("accounts_username_key"));
    }

    @Test
    void the_openid_providers_lists_are_answered_from_indexes_without_sorting() throws SQLException {
        new SchemaMigrations(pool, SqlDialect.SQLITE).migrate();
        Map<String, String> indexByQuery = Map.of(
                "SELECT id FROM logout_deliveries WHERE next_attempt_at <= 5 ORDER BY next_attempt_at, id LIMIT 10",
                "logout_deliveries_due",
                "SELECT session_id FROM grants WHERE parent_session_id = 'b' ORDER BY created_at, session_id",
                "grants_parent",
                "SELECT session_id FROM grants WHERE account_id = 'a' AND client_id = 'c' ORDER BY created_at, session_id",
                "grants_holder",
                "SELECT id FROM logout_deliveries WHERE session_id = 'g' ORDER BY created_at, id",
                "logout_deliveries_session",
                "SELECT id FROM logout_deliveries ORDER BY created_at DESC, id DESC LIMIT 10",
                "logout_deliveries_created",
                "SELECT client_id FROM consents WHERE account_id = 'a' ORDER BY client_id",
                "sqlite_autoindex_consents_1");

        indexByQuery.forEach((sql, index) -> {
            try {
                assertThat(plan(sql)).as(sql).anySatisfy(step -> assertThat(step).contains(index))
                        .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void a_page_of_an_accounts_sessions_and_the_trim_walk_the_partial_index_without_sorting() throws SQLException {
        new SchemaMigrations(pool, SqlDialect.SQLITE).migrate();
        String page = "SELECT id FROM sessions WHERE account_id = 'a' AND revoked_at IS NULL AND expires_at > 0"
                + " AND (created_at, id) < (5, 'x') ORDER BY created_at DESC, id DESC LIMIT 21";
        String trim = "SELECT id FROM sessions WHERE account_id = 'a' AND revoked_at IS NULL AND expires_at > 0"
                + " ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET 50";

        for (String sql : List.of(page, trim)) {
            List<String> plan = new ArrayList<>();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
            System.out.println(plan);
            assertThat(plan).anySatisfy(step -> assertThat(step).contains("USING INDEX sessions_account_active"))
                    .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
        }
    }
}
