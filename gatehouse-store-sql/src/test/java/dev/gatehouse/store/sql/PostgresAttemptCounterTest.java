package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.store.testkit.AttemptCounterContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresAttemptCounterTest extends AttemptCounterContract {

    private Stores stores;

    @Override
    protected AttemptCounter newCounter() {
        stores = TestPostgres.freshStores();
        return stores.attempts();
    }

    @Override
    protected void closeCounter() {
        stores.close();
    }
}
