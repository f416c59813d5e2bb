package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.DeviceGrantStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteDeviceGrantStoreTest extends DeviceGrantStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory);
    }
}
