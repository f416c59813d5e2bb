package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.LogoutDeliveryStoreContract;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresLogoutDeliveryStoreTest extends LogoutDeliveryStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }
}
