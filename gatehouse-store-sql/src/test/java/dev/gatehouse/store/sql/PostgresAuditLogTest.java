package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.AuditLogContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresAuditLogTest extends AuditLogContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
