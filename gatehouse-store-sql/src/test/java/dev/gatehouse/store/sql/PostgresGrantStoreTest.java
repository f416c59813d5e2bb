package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.GrantStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresGrantStoreTest extends GrantStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
