package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RevocationLogContract;

/** Runs the contract against a three-master Redis Cluster on loopback, a fresh key prefix per test. */
class ClusterRevocationLogTest extends RevocationLogContract {

    @Override
    protected Stores newStores() {
        return TestRedis.stores(TestRedisCluster.open());
    }
}
