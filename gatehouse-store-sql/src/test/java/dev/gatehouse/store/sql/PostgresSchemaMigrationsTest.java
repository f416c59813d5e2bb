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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

/** {@link SchemaMigrations} on PostgreSQL, in a schema of its own per test. */
class PostgresSchemaMigrationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

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
        return new SchemaMigrations(pool, SqlDialect.POSTGRESQL, folder, CLOCK).migrate();
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
        int version = migrate(SqlDialect.POSTGRESQL.migrationFolder());

        assertThat(version).isEqualTo(4);
        assertThat(query("SELECT tablename FROM pg_tables WHERE schemaname = ?", schema.name()))
                .containsExactlyInAnyOrder("accounts", "sessions", "audit_events", "signing_keys", "clients",
                        "refresh_tokens", "revocations", "revocation_counter", "attempts", "schema_version");
        assertThat(query("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname NOT LIKE '%_pkey'",
                schema.name()))
                .containsExactlyInAnyOrder("accounts_username_key", "sessions_token_hash", "sessions_account",
                        "sessions_expiry", "refresh_tokens_lineage", "refresh_tokens_sealed", "revocations_subject",
                        "revocations_forget_after", "attempts_ends_at");
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = 'refresh_tokens_sealed'",
                schema.name())).singleElement().asString().endsWith("WHERE (sealed_token IS NOT NULL)");
    }

    @Test
    void refresh_tokens_go_with_their_session_and_sessions_need_their_account() throws SQLException {
        migrate(SqlDialect.POSTGRESQL.migrationFolder());

        assertThat(query("SELECT conrelid::regclass || ' ' || confrelid::regclass || ' ' || confdeltype::text"
                + " FROM pg_constraint WHERE contype = 'f' AND connamespace = ?::regnamespace ORDER BY 1", schema.name()))
                .containsExactly("refresh_tokens sessions c", "sessions accounts a");
    }

    @Test
    void migrating_again_changes_nothing() throws SQLException {
        migrate("db/test-migrations");
        execute("UPDATE things SET name = 'kept'");

        assertThat(migrate("db/test-migrations")).isEqualTo(2);

        assertThat(query("SELECT name || ' ' || colour FROM things")).containsExactly("kept red");
        assertThat(query("SELECT version || '@' || applied_at FROM schema_version ORDER BY version"))
                .containsExactly("1@" + CLOCK.millis(), "2@" + CLOCK.millis());
    }

    @Test
    void a_failing_script_is_rolled_back_entirely_and_not_recorded() throws SQLException {
        assertThatThrownBy(() -> migrate("db/failing-migrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("db/failing-migrations/V2.sql")
                .hasMessageContaining("SQLState 42P01");

        assertThat(query("SELECT version FROM schema_version")).containsExactly("1");
        assertThat(query("SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename = 'half_done'",
                schema.name())).isEmpty();
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
    void nodes_starting_together_on_an_empty_schema_migrate_it_once() throws Exception {
        int nodes = 6;
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

            assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2", "3", "4");
            assertThat(query("SELECT count(*) FROM revocation_counter")).containsExactly("1");
        } finally {
            threads.shutdownNow();
            for (Stores s : opened) {
                s.close();
            }
        }
    }
}
