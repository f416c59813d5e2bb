package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.store.testkit.ConsentStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteConsentStoreTest extends ConsentStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory);
    }

    /** Scopes are stored space-separated, so one that contains a space cannot be stored (OAuth allows none). */
    @Test
    void a_scope_that_cannot_be_stored_is_refused() throws Exception {
        try (Stores stores = SqliteStores.open(dataDirectory.resolve("own"))) {
            Consent odd = new Consent("acc-alice", "orders-web", Set.of("openid", "two words"), Instant.EPOCH);

            assertThatThrownBy(() -> stores.oauth().consents().put(odd)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a scope must be non-empty and without whitespace");
            assertThat(stores.oauth().consents().list("acc-alice")).isEmpty();
        }
    }
}
