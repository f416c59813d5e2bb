package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationLogContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresRevocationLogTest extends RevocationLogContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
