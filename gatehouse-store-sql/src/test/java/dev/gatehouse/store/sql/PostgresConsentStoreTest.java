package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.ConsentStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresConsentStoreTest extends ConsentStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
