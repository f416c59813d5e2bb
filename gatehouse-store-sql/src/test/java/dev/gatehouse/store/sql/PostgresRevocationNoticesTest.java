package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationNoticesContract;
import dev.gatehouse.store.testkit.TestPostgres.Schema;
import java.util.Optional;

/** Runs the contract against PostgreSQL (LISTEN/NOTIFY), a new schema per test; nodes share the schema. */
class PostgresRevocationNoticesTest extends RevocationNoticesContract {

    private Schema schema;

    @Override
    protected Stores newStores() {
        schema = TestPostgres.newSchema();
        return TestPostgres.freshStores(schema);
    }

    @Override
    protected Optional<Stores> anotherNode() {
        return Optional.of(TestPostgres.open(schema));
    }
}
