package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.FactorStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresFactorStoreTest extends FactorStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
