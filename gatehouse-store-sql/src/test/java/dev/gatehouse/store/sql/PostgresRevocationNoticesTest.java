package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SharedRevocationNoticesContract;
import dev.gatehouse.store.testkit.TestPostgres.Schema;

/** Runs the contract against PostgreSQL (LISTEN/NOTIFY), a new schema per test; nodes share the schema. */
class PostgresRevocationNoticesTest extends SharedRevocationNoticesContract {

    private Schema schema;

    @Override
    protected Stores newStores() {
        schema = TestPostgres.newSchema();
        return TestPostgres.freshStores(schema);
    }

    @Override
    protected Stores anotherNode() {
        return TestPostgres.open(schema);
    }
}
