package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.AccountStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresAccountStoreTest extends AccountStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
