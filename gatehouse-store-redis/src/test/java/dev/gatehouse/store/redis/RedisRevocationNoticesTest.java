package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationNoticesContract;
import java.util.Optional;

/** Runs the contract against standalone Redis (pub/sub), a fresh key prefix per test; nodes share the prefix. */
class RedisRevocationNoticesTest extends RevocationNoticesContract {

    private String prefix;

    @Override
    protected Stores newStores() {
        prefix = TestRedis.newPrefix();
        return TestRedis.stores(TestRedis.open(prefix));
    }

    @Override
    protected Optional<Stores> anotherNode() {
        return Optional.of(TestRedis.stores(TestRedis.open(prefix)));
    }
}
