package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SharedRevocationNoticesContract;

/**
 * Runs the contract against a three-master Redis Cluster on loopback, a fresh key prefix per
 * test; nodes share the prefix, and a notice published on one master reaches a subscriber on any.
 */
class ClusterRevocationNoticesTest extends SharedRevocationNoticesContract {

    private String prefix;

    @Override
    protected Stores newStores() {
        prefix = TestRedis.newPrefix();
        return TestRedis.stores(TestRedisCluster.open(prefix));
    }

    @Override
    protected Stores anotherNode() {
        return TestRedis.stores(TestRedisCluster.open(prefix));
    }
}
