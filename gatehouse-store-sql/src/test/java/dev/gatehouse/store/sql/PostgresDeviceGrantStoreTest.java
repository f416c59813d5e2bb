package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.DeviceGrantStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresDeviceGrantStoreTest extends DeviceGrantStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
