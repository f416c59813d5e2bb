package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.store.testkit.ClientStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteClientStoreTest extends ClientStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory);
    }

    /** Audiences are stored space-separated, so one that contains a space cannot be stored. */
    @Test
    void an_audience_that_cannot_be_stored_is_refused() throws Exception {
        try (Stores stores = SqliteStores.open(dataDirectory.resolve("own"))) {
            Client odd = new Client("api", null, Set.of("two words"), Instant.EPOCH);

            assertThatThrownBy(() -> stores.clients().create(odd)).isInstanceOf(IllegalArgumentException.class);
            assertThat(stores.clients().list()).isEmpty();
        }
    }

    /** Rows stored before clients had a registration (db/sqlite/V9.sql) read as what those clients could do. */
    @Test
    void a_client_stored_before_registrations_existed_reads_with_the_basic_one() throws Exception {
        Path own = dataDirectory.resolve("old");
        try (Stores stores = SqliteStores.open(own)) {
            stores.clients().create(new Client("api", "9f86d081", Set.of("https://api.example.com"), Instant.EPOCH));
            stores.clients().create(new Client("app", null, Set.of(), Instant.EPOCH));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + own.resolve(SqliteStores.FILE_NAME));
                 Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE clients SET registration = NULL")).isEqualTo(2);
            }

            assertThat(stores.clients().find("api").orElseThrow().registration())
                    .isEqualTo(ClientRegistration.basic(true));
            assertThat(stores.clients().find("app").orElseThrow())
                    .isEqualTo(new Client("app", null, Set.of(), Instant.EPOCH, ClientRegistration.basic(false)));
        }
    }
}
