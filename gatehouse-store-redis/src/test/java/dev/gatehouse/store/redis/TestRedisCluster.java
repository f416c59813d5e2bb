package dev.gatehouse.store.redis;

import java.util.List;

/** Redis Cluster stores for tests, on the cluster the testkit's TestRedisCluster starts once per JVM. */
final class TestRedisCluster {

    private TestRedisCluster() {
    }

    /** Cluster stores under a fresh prefix (the cluster goes away with the JVM, keys with it). */
    static RedisStores.Opened open() {
        return open(TestRedis.newPrefix());
    }

    /** Cluster stores under this prefix; several may share one, like nodes. */
    static RedisStores.Opened open(String prefix) {
        return RedisStores.cluster(require()).keyPrefix(prefix).clientResources(TestRedis.RESOURCES).open();
    }

    /** The seed URIs, starting the cluster if this is the first call. */
    static List<String> require() {
        return dev.gatehouse.store.testkit.TestRedisCluster.require();
    }
}
