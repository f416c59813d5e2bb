package dev.gatehouse.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One multiplexed, thread-safe Lettuce connection to a standalone Redis or a Redis Cluster, with
 * the two seen through the command interfaces they share. Keys are strings, values bytes (sealed
 * tokens are binary; everything else is UTF-8 text).
 */
final class RedisConnection implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** How long a batch of asynchronous commands may take before the operation fails. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final AutoCloseable connection;
    private final Runnable shutdown;
    private final RedisClusterCommands<String, byte[]> sync;
    private final RedisClusterAsyncCommands<String, byte[]> async;
    private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> pubSub;

    private RedisConnection(AutoCloseable connection, Runnable shutdown, RedisClusterCommands<String, byte[]> sync,
                            RedisClusterAsyncCommands<String, byte[]> async,
                            Supplier<StatefulRedisPubSubConnection<String, byte[]>> pubSub) {
        this.connection = connection;
        this.shutdown = shutdown;
        this.sync = sync;
        this.async = async;
        this.pubSub = pubSub;
    }

    static RedisConnection standalone(RedisURI uri, ClientResources resources) {
        RedisClient client = resources == null ? RedisClient.create() : RedisClient.create(resources);
        try {
            StatefulRedisConnection<String, byte[]> c = client.connect(CODEC, uri);
            return new RedisConnection(c, client::shutdown, c.sync(), c.async(), () -> client.connectPubSub(CODEC, uri));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new RedisStoreException("could not connect to Redis at " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    static RedisConnection cluster(List<RedisURI> seeds, ClientResources resources) {
        RedisClusterClient client = resources == null ? RedisClusterClient.create(seeds)
                : RedisClusterClient.create(resources, seeds);
        // Follow fail-overs and resharding: refresh the slot map on MOVED/ASK and reconnects, and every 30 s.
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        try {
            StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
            return new RedisConnection(c, client::shutdown, c.sync(), c.async(), () -> client.connectPubSub(CODEC));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new RedisStoreException("could not connect to the Redis Cluster at " + seeds.size() + " seed node(s)", e);
        }
    }

    /** Runs commands, turning Lettuce's failures into a {@link RedisStoreException} naming the operation. */
    <T> T call(String operation, Function<RedisClusterCommands<String, byte[]>, T> commands) {
        try {
            return commands.apply(sync);
        } catch (RedisException e) {
            throw new RedisStoreException("could not " + operation, e);
        }
    }

    RedisClusterAsyncCommands<String, byte[]> async() {
        return async;
    }

    /** Waits for commands sent asynchronously (to many slots at once), in order. */
    <T> List<T> await(String operation, List<CompletableFuture<T>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (ExecutionException e) {
            throw new RedisStoreException("could not " + operation, e.getCause());
        } catch (TimeoutException e) {
            throw new RedisStoreException("could not " + operation + " within " + BATCH_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStoreException("interrupted while trying to " + operation, e);
        }
    }

    /** A new connection for subscriptions; the caller closes it. */
    StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
        try {
            return pubSub.get();
        } catch (RedisException e) {
            throw new RedisStoreException("could not open a Redis subscription connection", e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long n) {
        return bytes(Long.toString(n));
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // closing a connection that failed already; nothing to add
        } finally {
            shutdown.run();
        }
    }
}
