package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SharedRevocationNoticesContract;

/** Runs the contract against standalone Redis (pub/sub), a fresh key prefix per test; nodes share the prefix. */
class RedisRevocationNoticesTest extends SharedRevocationNoticesContract {

    private String prefix;

    @Override
    protected Stores newStores() {
        prefix = TestRedis.newPrefix();
        return TestRedis.stores(TestRedis.open(prefix));
    }

    @Override
    protected Stores anotherNode() {
        return TestRedis.stores(TestRedis.open(prefix));
    }
}
