package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationNoticesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per store. */
class SqliteRevocationNoticesTest extends RevocationNoticesContract {

    @TempDir
    Path dataDirectory;
    private int opened;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory.resolve("stores-" + ++opened));
    }
}
