package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SessionStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresSessionStoreTest extends SessionStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
