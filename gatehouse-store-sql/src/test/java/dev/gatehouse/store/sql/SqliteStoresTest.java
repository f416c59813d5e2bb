package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Some tests open the stores only for the schema they create; javac's try lint would flag
// those unreferenced resources.
@SuppressWarnings("try")
class SqliteStoresTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");

    @TempDir
    Path temp;

    private static Account alice() {
        return new Account("acc-1", "Alice", "alice", "$argon2id$secret-password-hash", Set.of("admin"), false, T0);
    }

    private static Session session(String accountId) {
        return new Session("s-1", accountId, "secret-token-hash", "web", T0, T0, T0.plusSeconds(1800),
                T0.plusSeconds(43200), new Device("Firefox", "192.0.2.1"), null, null);
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(rs.getMetaData().getColumnCount()));
            }
            return rows;
        }
    }

    @Test
    void accounts_sessions_and_audit_events_survive_closing_and_reopening() throws Exception {
        Session session = session("acc-1");
        AuditEvent event;
        try (Stores stores = SqliteStores.open(temp)) {
            stores.accounts().create(alice());
            stores.sessions().create(session);
            stores.sessions().revoke("s-1", T0.plusSeconds(5), RevokeReason.SIGN_OUT);
            event = stores.audit().append(AuditEvent.of(T0, AuditType.SIGN_OUT, "acc-1", "Alice", "s-1", null, "sign_out"));
        }

        try (Stores stores = SqliteStores.open(temp)) {
            assertThat(stores.accounts().findByUsernameKey("alice")).contains(alice());
            assertThat(stores.sessions().findByTokenHash("secret-token-hash"))
                    .contains(session.revoked(T0.plusSeconds(5), RevokeReason.SIGN_OUT));
            assertThat(stores.audit().list(Long.MAX_VALUE, 10)).containsExactly(event);
            AuditEvent next = stores.audit().append(AuditEvent.of(T0, AuditType.SIGN_IN_FAILED, null, null, null, null, null));
            assertThat(next.seq()).isGreaterThan(event.seq());
        }
    }

    @Test
    void the_data_directory_and_database_file_are_owner_only() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "file permissions are only checked on POSIX file systems");
        Path data = temp.resolve("new/data");

        try (Stores stores = SqliteStores.open(data)) {
            stores.accounts().create(alice());

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("gatehouse.db"))))
                    .isEqualTo("rw-------");
            try (var files = Files.list(data)) {
                assertThat(files.toList()).allSatisfy(f -> assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void the_database_is_in_write_ahead_log_mode() throws Exception {
        try (Stores stores = SqliteStores.open(temp);
             Connection plain = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("gatehouse.db"))) {
            stores.accounts().create(alice());

            assertThat(query(plain, "PRAGMA journal_mode")).containsExactly("wal");
            assertThat(temp.resolve("gatehouse.db-wal")).exists();
        }
    }

    @Test
    void every_pooled_connection_gets_the_pragmas() throws SQLException {
        try (HikariDataSource pool = SqliteStores.pool(SqliteStores.createFiles(temp))) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < SqliteStores.POOL_SIZE; i++) {
                    connections.add(pool.getConnection());
                }
                for (Connection c : connections) {
                    assertThat(query(c, "PRAGMA journal_mode")).containsExactly("wal");
                    assertThat(query(c, "PRAGMA synchronous")).containsExactly("1");
                    assertThat(query(c, "PRAGMA busy_timeout")).containsExactly("5000");
                    assertThat(query(c, "PRAGMA foreign_keys")).containsExactly("1");
                }
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }

    @Test
    void deleting_expired_sessions_uses_the_expiry_index_not_a_full_scan() throws Exception {
        try (Stores stores = SqliteStores.open(temp);
             Connection plain = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("gatehouse.db"))) {
            assertThat(String.join("\n", query(plain, "EXPLAIN QUERY PLAN DELETE FROM sessions WHERE expires_at <= 1")))
                    .contains("sessions_expiry");
        }
    }

    @Test
    void a_session_of_a_missing_account_is_refused_without_revealing_its_token_hash() throws Exception {
        try (Stores stores = SqliteStores.open(temp)) {
            assertThatThrownBy(() -> stores.sessions().create(session("acc-404")))
                    .isInstanceOf(StoreException.class)
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("secret-token-hash");
                        }
                    });
            assertThat(stores.sessions().findById("s-1")).isEmpty();
        }
    }

    @Test
    void a_role_name_that_cannot_be_stored_is_refused() throws Exception {
        try (Stores stores = SqliteStores.open(temp)) {
            Account odd = new Account("acc-1", "a", "a", "$h", Set.of("read,write"), false, T0);

            assertThatThrownBy(() -> stores.accounts().create(odd)).isInstanceOf(IllegalArgumentException.class);
            assertThat(stores.accounts().list()).isEmpty();
        }
    }

    @Test
    void an_audit_page_outside_one_to_a_thousand_is_refused() throws Exception {
        try (Stores stores = SqliteStores.open(temp)) {
            assertThatThrownBy(() -> stores.audit().list(Long.MAX_VALUE, 0)).hasMessageContaining("1 to 1000");
            assertThatThrownBy(() -> stores.audit().list(Long.MAX_VALUE, 1001)).hasMessageContaining("1 to 1000");
        }
    }

    @Test
    void a_data_directory_that_cannot_be_created_is_reported_with_its_path() throws Exception {
        Path blocker = Files.createFile(temp.resolve("not-a-directory"));

        assertThatThrownBy(() -> SqliteStores.open(blocker.resolve("data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(blocker.toString());
    }
}
