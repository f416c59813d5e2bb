package dev.gatehouse.store.redis;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.RefreshTokenStoreContract;

/** Runs the contract against a three-master Redis Cluster on loopback, a fresh key prefix per test. */
class ClusterRefreshTokenStoreTest extends RefreshTokenStoreContract {

    @Override
    protected Stores newStores() {
        return TestRedis.stores(TestRedisCluster.open());
    }
}
