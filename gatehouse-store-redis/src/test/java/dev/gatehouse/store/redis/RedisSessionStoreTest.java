package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SessionStoreContract;

/** Runs the contract against standalone Redis, a fresh key prefix per test. */
class RedisSessionStoreTest extends SessionStoreContract {

    @Override
    protected Stores newStores() {
        return TestRedis.stores(TestRedis.open());
    }
}
