package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.TestPostgres.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SchemaMigrations} (Flyway) on PostgreSQL, in a schema of its own per test. */
class PostgresSchemaMigrationsTest {

    private Schema schema;
    private HikariDataSource pool;

    @BeforeEach
    void open() {
        schema = TestPostgres.newSchema();
        pool = PostgresStores.pool(schema.url(), TestPostgres.USER, null);
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) { // null when the test was skipped for want of PostgreSQL
            schema.close();
        }
    }

    private int migrate(String folder) {
        return new SchemaMigrations(pool, folder).migrate();
    }

    private List<String> history() throws SQLException {
        return query("SELECT version || ' ' || type || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    }

    private List<String> query(String sql, Object... params) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
                return rows;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void the_shipped_postgresql_scripts_apply_cleanly_into_the_current_schema() throws SQLException {
        int version = new SchemaMigrations(pool, SqlDialect.POSTGRESQL).migrate();

        assertThat(version).isEqualTo(9);
        assertThat(query("SELECT tablename FROM pg_tables WHERE schemaname = ?", schema.name()))
                .containsExactlyInAnyOrder("accounts", "sessions", "audit_events", "signing_keys", "clients",
                        "refresh_tokens", "revocations", "revocation_counter", "attempts", "totp_secrets", "recovery_codes",
                        "passkeys", "grants", "consents", "device_grants", "logout_deliveries", "log_marks",
                        "flyway_schema_history");
        assertThat(query("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname NOT LIKE '%_pkey'"
                + " AND tablename <> 'flyway_schema_history'",
                schema.name()))
                .containsExactlyInAnyOrder("accounts_username_key", "sessions_token_hash", "sessions_account",
                        "sessions_account_active", "sessions_expiry", "refresh_tokens_lineage", "refresh_tokens_sealed", "revocations_subject",
                        "revocations_forget_after", "attempts_ends_at", "passkeys_account", "audit_events_account", "audit_events_type",
                        "audit_events_at", "accounts_locked", "grants_parent", "grants_holder", "grants_code",
                        "grants_created", "device_grants_user_code", "device_grants_expiry",
                        "logout_deliveries_client_session", "logout_deliveries_due", "logout_deliveries_session",
                        "logout_deliveries_created");
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = 'refresh_tokens_sealed'",
                schema.name())).singleElement().asString().endsWith("WHERE (sealed_token IS NOT NULL)");
    }

    @Test
    void refresh_tokens_go_with_their_session_and_sessions_and_second_factors_need_their_account() throws SQLException {
        migrate(SqlDialect.POSTGRESQL.migrationFolder());

        assertThat(query("SELECT conrelid::regclass || ' ' || confrelid::regclass || ' ' || confdeltype::text"
                + " FROM pg_constraint WHERE contype = 'f' AND connamespace = ?::regnamespace ORDER BY 1", schema.name()))
                .containsExactly("passkeys accounts a", "recovery_codes accounts a", "refresh_tokens sessions c",
                        "sessions accounts a", "totp_secrets accounts a");
    }

    @Test
    void migrating_again_changes_nothing() throws SQLException {
        migrate("db/test-migrations");
        execute("UPDATE things SET name = 'kept'");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("kept red");
        assertThat(history()).containsExactly("1 SQL true", "2 SQL true");
    }

    @Test
    void a_failing_script_is_rolled_back_entirely_and_not_recorded() throws SQLException {
        assertThatThrownBy(() -> migrate("db/failing-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("V2.sql")
                .hasMessageContaining("42P01");

        assertThat(history()).containsExactly("1 SQL true");
        assertThat(query("SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename = 'half_done'",
                schema.name())).isEmpty();
    }

    @Test
    void a_database_newer_than_the_scripts_is_refused_untouched() throws SQLException {
        migrate("db/newer-migrations");

        assertThatThrownBy(() -> migrate("db/test-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("version 3")
                .hasMessageContaining("newest this Gatehouse knows (2)");
        assertThat(history()).containsExactly("1 SQL true", "2 SQL true", "3 SQL true");
    }

    @Test
    void a_database_migrated_before_flyway_is_baselined_at_its_version_and_only_newer_scripts_run() throws SQLException {
        execute("CREATE TABLE things (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL)");
        execute("INSERT INTO things (id, name) VALUES (1, 'kept')");
        execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
        execute("INSERT INTO schema_version (version, applied_at) VALUES (1, 0)");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("kept red");
        assertThat(history()).containsExactly("1 BASELINE true", "2 SQL true");
    }

    @Test
    void nodes_starting_together_on_a_schema_migrated_before_flyway_baseline_it_once() throws Exception {
        new SchemaMigrations(pool, SqlDialect.POSTGRESQL).migrate();
        execute("DROP TABLE flyway_schema_history"); // as SchemaMigrations left it before Flyway
        execute("DROP INDEX sessions_account_active"); // V6 to V9 came after Flyway
        execute("ALTER TABLE sessions DROP COLUMN auth");
        execute("DROP TABLE passkeys, recovery_codes, totp_secrets");
        execute("ALTER TABLE clients DROP COLUMN registration");
        execute("DROP TABLE grants, consents, device_grants, logout_deliveries, log_marks");
        execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
        // every script already ran, as the full migration above did: a baseline at the newest runs none again
        execute("INSERT INTO schema_version (version, applied_at) VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)");

        startTogether(4);

        assertThat(history()).containsExactly("5 BASELINE true", "6 SQL true", "7 SQL true", "8 SQL true",
                "9 SQL true");
    }

    @Test
    void nodes_starting_together_on_an_empty_schema_migrate_it_once() throws Exception {
        startTogether(6);

        assertThat(history()).containsExactly("1 SQL true", "2 SQL true", "3 SQL true", "4 SQL true", "5 SQL true", "6 SQL true", "7 SQL true",
                "8 SQL true", "9 SQL true");
        assertThat(query("SELECT count(*) FROM revocation_counter")).containsExactly("1");
    }

    private void startTogether(int nodes) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        List<Stores> opened = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Stores>> starts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                starts.add(threads.submit(() -> {
                    go.await();
                    return TestPostgres.open(schema);
                }));
            }
            go.countDown();
            for (Future<Stores> start : starts) {
                opened.add(start.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
            for (Stores s : opened) {
                s.close();
            }
        }
    }
}
