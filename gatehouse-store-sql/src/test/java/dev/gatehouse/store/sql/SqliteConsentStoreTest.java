package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.ConsentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteConsentStoreTest extends ConsentStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory);
    }
}
