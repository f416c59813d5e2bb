package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SigningKeyStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresSigningKeyStoreTest extends SigningKeyStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
