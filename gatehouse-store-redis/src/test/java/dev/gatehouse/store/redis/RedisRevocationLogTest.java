package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationLogContract;

/** Runs the contract against standalone Redis, a fresh key prefix per test. */
class RedisRevocationLogTest extends RevocationLogContract {

    @Override
    protected Stores newStores() {
        return TestRedis.stores(TestRedis.open());
    }
}
