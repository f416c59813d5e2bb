package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.ClientStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresClientStoreTest extends ClientStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
