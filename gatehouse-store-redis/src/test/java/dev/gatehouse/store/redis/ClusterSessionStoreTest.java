package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.SessionStoreContract;

/** Runs the contract against a three-master Redis Cluster on loopback, a fresh key prefix per test. */
class ClusterSessionStoreTest extends SessionStoreContract {

    @Override
    protected Stores newStores() {
        return TestRedis.stores(TestRedisCluster.open());
    }
}
