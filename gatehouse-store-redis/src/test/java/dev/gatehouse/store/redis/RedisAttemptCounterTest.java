package dev.gatehouse.store.redis;

import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.store.testkit.AttemptCounterContract;

/** Runs the contract against standalone Redis, a fresh key prefix per test. */
class RedisAttemptCounterTest extends AttemptCounterContract {

    private RedisStores.Opened redis;

    @Override
    protected AttemptCounter newCounter() {
        redis = TestRedis.open();
        return redis.attempts();
    }

    @Override
    protected void closeCounter() {
        redis.close();
    }
}
