package dev.gatehouse.store.redis;

import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.store.testkit.AttemptCounterContract;

/** Runs the contract against a three-master Redis Cluster on loopback, a fresh key prefix per test. */
class ClusterAttemptCounterTest extends AttemptCounterContract {

    private RedisStores.Opened redis;

    @Override
    protected AttemptCounter newCounter() {
        redis = TestRedisCluster.open();
        return redis.attempts();
    }

    @Override
    protected void closeCounter() {
        redis.close();
    }
}
