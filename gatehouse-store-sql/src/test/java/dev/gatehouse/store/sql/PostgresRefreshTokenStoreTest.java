package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RefreshTokenStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresRefreshTokenStoreTest extends RefreshTokenStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
