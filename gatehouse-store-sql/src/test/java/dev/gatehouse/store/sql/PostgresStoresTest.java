package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.TestPostgres.Schema;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.client.Client;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store adds to the contracts: several nodes on one database, and its hazards. */
class PostgresStoresTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration TTL = Duration.ofMinutes(15);

    private Schema schema;

    @BeforeEach
    void createSchema() {
        schema = TestPostgres.newSchema();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) { // null when the test was skipped for want of PostgreSQL
            schema.close();
        }
    }

    private static Account alice() {
        return new Account("acc-1", "Alice", "alice", "$argon2id$secret-password-hash", Set.of("admin"), false, T0);
    }

    private static Session session(String accountId) {
        return new Session("s-1", accountId, "secret-token-hash", "web", T0, T0, T0.plusSeconds(1800),
                T0.plusSeconds(43200), new Device("Firefox", "192.0.2.1"), null, null);
    }

    @Test
    void everything_stored_survives_closing_and_reopening() {
        Session session = session("acc-1");
        AuditEvent event;
        Revocation revocation;
        Client client = new Client("api", "$client-secret-hash", Set.of("orders", "billing"), T0);
        try (Stores stores = TestPostgres.open(schema)) {
            stores.accounts().create(alice());
            stores.sessions().create(session);
            stores.sessions().revoke("s-1", T0.plusSeconds(5), RevokeReason.SIGN_OUT);
            event = stores.audit().append(AuditEvent.of(T0, AuditType.SIGN_OUT, "acc-1", "Alice", "s-1", null, "sign_out"));
            revocation = stores.revocations().append(RevocationKind.SESSION, "s-1", T0, T0.plus(TTL));
            stores.clients().create(client);
            stores.refreshTokens().issue("s-1", "refresh-hash", T0);
        }

        try (Stores stores = TestPostgres.open(schema)) {
            assertThat(stores.accounts().findByUsernameKey("alice")).contains(alice());
            assertThat(stores.sessions().findByTokenHash("secret-token-hash"))
                    .contains(session.revoked(T0.plusSeconds(5), RevokeReason.SIGN_OUT));
            assertThat(stores.audit().list(Long.MAX_VALUE, 10)).containsExactly(event);
            assertThat(stores.revocations().after(0, 10)).containsExactly(revocation);
            assertThat(stores.revocations().lastSeq()).isEqualTo(revocation.seq());
            assertThat(stores.clients().find("api")).contains(client);
            assertThat(stores.refreshTokens().sessionOf("refresh-hash")).contains("s-1");
            AuditEvent next = stores.audit().append(AuditEvent.of(T0, AuditType.SIGN_IN_FAILED, null, null, null, null, null));
            assertThat(next.seq()).isGreaterThan(event.seq());
        }
    }

    @Test
    void a_revocation_number_is_not_reused_after_a_restart_and_a_clean_up() {
        long highest;
        try (Stores stores = TestPostgres.open(schema)) {
            highest = stores.revocations().append(RevocationKind.TOKEN, "jti-1", T0, T0.plus(TTL)).seq();
            assertThat(stores.revocations().deleteForgotten(T0.plus(TTL))).isEqualTo(1);
        }

        try (Stores stores = TestPostgres.open(schema)) {
            assertThat(stores.revocations().lastSeq()).isEqualTo(highest);
            assertThat(stores.revocations().append(RevocationKind.TOKEN, "jti-2", T0, T0.plus(TTL)).seq())
                    .isGreaterThan(highest);
        }
    }

    @Test
    void a_statement_unanswered_within_the_read_timeout_fails_and_the_pool_lends_a_sound_connection_next()
            throws SQLException {
        try (HikariDataSource pool = PostgresStores.pool(schema.url(), TestPostgres.USER, null, Duration.ofSeconds(1))) {
            assertThat(pool.getConnectionTimeout()).isEqualTo(PostgresStores.CONNECTION_WAIT.toMillis());
            long start = System.nanoTime();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                // pg_sleep answers late, as a stalled network path does not answer at all
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)")).isInstanceOf(SQLException.class);
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("statement given up after " + waited + " ms (read timeout 1 s)");
            assertThat(waited).isLessThan(4_000);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1")).isTrue();
            }
        }
    }

    @Test
    void a_read_timeout_under_a_second_is_refused_since_the_driver_counts_whole_seconds() {
        assertThatThrownBy(() -> PostgresStores.pool(schema.url(), TestPostgres.USER, null, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }

    @Test
    void a_duplicate_key_error_never_carries_the_duplicated_value() throws SQLException {
        try (Stores stores = TestPostgres.open(schema);
             HikariDataSource pool = PostgresStores.pool(schema.url() + "&logServerErrorDetail=true",
                     TestPostgres.USER, null)) {
            stores.accounts().create(alice());
            stores.sessions().create(session("acc-1"));

            // A raw insert, so that nothing of ours catches the violation: what the driver reports.
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO sessions SELECT 's-2', account_id,"
                        + " token_hash, client_id, created_at, last_used_at, idle_expires_at, absolute_expires_at,"
                        + " expires_at, user_agent, ip FROM sessions"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"))
                        .satisfies(PostgresStoresTest::revealsNothing);
            }
        }
    }

    @Test
    void a_session_of_a_missing_account_is_refused_without_revealing_its_values() {
        try (Stores stores = TestPostgres.open(schema)) {
            assertThatThrownBy(() -> stores.sessions().create(session("acc-404")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("SQLState 23503")
                    .satisfies(PostgresStoresTest::revealsNothing);
            assertThat(stores.sessions().findById("s-1")).isEmpty();
        }
    }

    private static void revealsNothing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("secret-token-hash").doesNotContain("acc-404");
            assertThat(t.toString()).doesNotContain("secret-token-hash").doesNotContain("acc-404");
        }
    }

    @Test
    void a_url_that_is_not_postgresql_is_refused_without_echoing_its_parameters() {
        assertThatThrownBy(() -> PostgresStores.open("jdbc:mysql://db/gatehouse?password=hunter2", "gh", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresStores.open(schema.url(), " ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user");
    }

    @Test
    void an_unreachable_database_is_reported_with_its_address_and_not_its_password() {
        assertThatThrownBy(() -> PostgresStores.open("jdbc:postgresql://127.0.0.1:1/gatehouse?password=hunter2",
                "gh", "hunter2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/gatehouse")
                .hasMessageNotContaining("hunter2");
    }

    /**
     * Several nodes append while a follower on yet another node reads the log as verifiers do:
     * from its cursor, and from {@code lastSeq} when it starts. Neither may skip an entry.
     */
    @Test
    void revocations_appended_by_several_nodes_reach_a_follower_in_order_without_gaps() throws Exception {
        int nodes = 3;
        int appendersPerNode = 4;
        int appendsEach = 25;
        List<Stores> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(nodes * appendersPerNode);
        try {
            for (int n = 0; n <= nodes; n++) {
                opened.add(TestPostgres.open(schema));
            }
            Stores followerNode = opened.get(nodes);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> appenders = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                Stores node = opened.get(n);
                for (int a = 0; a < appendersPerNode; a++) {
                    String prefix = "node" + n + "-" + a + "-";
                    appenders.add(threads.submit(() -> {
                        go.await();
                        for (int i = 0; i < appendsEach; i++) {
                            node.revocations().append(RevocationKind.SESSION, prefix + i, T0, T0.plus(TTL));
                        }
                        return null;
                    }));
                }
            }

            AtomicBoolean appending = new AtomicBoolean(true);
            List<Revocation> followed = Collections.synchronizedList(new ArrayList<>());
            List<String> lateStarts = Collections.synchronizedList(new ArrayList<>());
            Future<?> follower = Executors.newSingleThreadExecutor().submit(() -> {
                long cursor = 0;
                boolean more = true;
                while (more) {
                    more = appending.get();
                    // A verifier starting now takes lastSeq as its cursor: every entry up to it
                    // must already be readable, or that verifier would never see the missing one.
                    long last = followerNode.revocations().lastSeq();
                    for (List<Revocation> page = followerNode.revocations().after(cursor, 1000); !page.isEmpty();
                         page = followerNode.revocations().after(cursor, 1000)) {
                        followed.addAll(page);
                        cursor = page.getLast().seq();
                    }
                    if (cursor < last) {
                        lateStarts.add("lastSeq said " + last + " but only up to " + cursor + " was readable");
                    }
                }
                return null;
            });
            go.countDown();
            for (Future<?> appender : appenders) {
                appender.get(60, TimeUnit.SECONDS);
            }
            appending.set(false);
            follower.get(60, TimeUnit.SECONDS);

            List<Revocation> all = followerNode.revocations().after(0, 1000);
            assertThat(all).hasSize(nodes * appendersPerNode * appendsEach);
            assertThat(all).extracting(Revocation::seq).isSorted().doesNotHaveDuplicates();
            assertThat(followed).containsExactlyElementsOf(all);
            assertThat(lateStarts).isEmpty();
            assertThat(followerNode.revocations().lastSeq()).isEqualTo(all.getLast().seq());
        } finally {
            threads.shutdownNow();
            for (Stores s : opened) {
                s.close();
            }
        }
    }
}
