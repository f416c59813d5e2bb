package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.store.testkit.ClientStoreContract;
import java.nio.file.Path;
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
}
