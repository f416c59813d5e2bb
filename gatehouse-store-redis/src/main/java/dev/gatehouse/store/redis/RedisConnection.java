package dev.gatehouse.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
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
 *
 * <p>Every wait is bounded, so a request that needs Redis gets an answer within a few seconds
 * whatever Redis does, and the caller turns the failure into a 503:
 * <ul>
 *   <li>a command fails after {@link #COMMAND_TIMEOUT} (Lettuce's default is 60 s, longer than any
 *       client waits for a cookie check), and a connection attempt after {@link #CONNECT_TIMEOUT};</li>
 *   <li>while a standalone Redis is disconnected, commands are rejected at once instead of queued
 *       until it is back ({@code REJECT_COMMANDS}). Queued, each would still wait out its timeout,
 *       and under traffic the queue would hold every request of the outage; rejected, the caller
 *       hears "unavailable" in microseconds and retries. The price: a command issued in the moment
 *       of a reconnection fails instead of waiting for it. A Cluster keeps Lettuce's default
 *       (queue while reconnecting), since it opens its connections to the nodes lazily and would
 *       reject the first commands to each; there the command timeout is the bound;</li>
 *   <li>reconnection attempts (Lettuce makes them by itself) are at most {@link #RECONNECT_DELAY_MAX}
 *       apart, with jitter, instead of backing off to 30 s, so Gatehouse is back within seconds of
 *       Redis; a caller that shares its own {@link ClientResources} chooses that delay itself.</li>
 * </ul>
 */
final class RedisConnection implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * How long a batch of asynchronous commands may take before the operation fails: each command
     * of it expires after {@link #COMMAND_TIMEOUT} already; this is the backstop.
     */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(5);

    /** How long one command (or one pipelined round) may take before it fails. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    /** How long opening a TCP connection (or a reconnection) may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** The longest wait between two reconnection attempts. */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(2);

    private final AutoCloseable connection;
    private final Runnable shutdown;
    private final RedisClusterCommands<String, byte[]> sync;
    private final RedisClusterAsyncCommands<String, byte[]> async;
    private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> pubSub;
    private final Supplier<List<CompletableFuture<String>>> pings;

    private RedisConnection(AutoCloseable connection, Runnable shutdown, RedisClusterCommands<String, byte[]> sync,
                            RedisClusterAsyncCommands<String, byte[]> async,
                            Supplier<StatefulRedisPubSubConnection<String, byte[]>> pubSub,
                            Supplier<List<CompletableFuture<String>>> pings) {
        this.connection = connection;
        this.shutdown = shutdown;
        this.sync = sync;
        this.async = async;
        this.pubSub = pubSub;
        this.pings = pings;
    }

    static RedisConnection standalone(RedisURI uri, ClientResources shared) {
        uri.setTimeout(COMMAND_TIMEOUT);
        ClientResources resources = shared == null ? ownResources() : shared;
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        Runnable shutdown = shutdown(client::shutdown, shared == null ? resources : null);
        try {
            StatefulRedisConnection<String, byte[]> c = client.connect(CODEC, uri);
            return new RedisConnection(c, shutdown, c.sync(), c.async(), () -> client.connectPubSub(CODEC, uri),
                    () -> List.of(c.async().ping().toCompletableFuture()));
        } catch (RuntimeException e) {
            shutdown.run();
            throw new RedisStoreException("could not connect to Redis at " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    static RedisConnection cluster(List<RedisURI> seeds, ClientResources shared) {
        seeds.forEach(seed -> seed.setTimeout(COMMAND_TIMEOUT));
        ClientResources resources = shared == null ? ownResources() : shared;
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        // Follow fail-overs and resharding: refresh the slot map on MOVED/ASK and reconnects, and every 30 s.
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                // Not REJECT_COMMANDS: a Cluster connects to each node lazily, and would reject the first commands to it.
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        Runnable shutdown = shutdown(client::shutdown, shared == null ? resources : null);
        try {
            StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
            return new RedisConnection(c, shutdown, c.sync(), c.async(), () -> client.connectPubSub(CODEC),
                    () -> pingEveryMaster(c));
        } catch (RuntimeException e) {
            shutdown.run();
            throw new RedisStoreException("could not connect to the Redis Cluster at " + seeds.size() + " seed node(s)", e);
        }
    }

    /**
     * A PING to every master the client knows, plus a failure when some slot has no master at
     * all: a cluster answers for every key only when all of these succeed.
     */
    private static List<CompletableFuture<String>> pingEveryMaster(StatefulRedisClusterConnection<String, byte[]> c) {
        List<CompletableFuture<String>> pings = new ArrayList<>();
        BitSet covered = new BitSet(SlotHash.SLOT_COUNT);
        for (RedisClusterNode node : c.getPartitions()) {
            if (!node.hasNoSlots()) { // replicas hold no slots; a master without slots serves no key
                node.forEachSlot(covered::set);
                pings.add(c.getConnectionAsync(node.getNodeId())
                        .thenCompose(n -> n.async().ping().toCompletableFuture()));
            }
        }
        int uncovered = SlotHash.SLOT_COUNT - covered.cardinality();
        if (uncovered > 0) {
            pings.add(CompletableFuture.failedFuture(new RedisStoreException(
                    uncovered + " of " + SlotHash.SLOT_COUNT + " slots have no master", null)));
        }
        return pings;
    }

    /** Lettuce's threads for one client, reconnecting at most {@link #RECONNECT_DELAY_MAX} apart. */
    private static ClientResources ownResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(100), RECONNECT_DELAY_MAX, 100, TimeUnit.MILLISECONDS))
                .build();
    }

    /** Shuts the client down, then the resources it owns (none when they are shared). */
    private static Runnable shutdown(Runnable client, ClientResources owned) {
        return () -> {
            try {
                client.run();
            } finally {
                if (owned != null) {
                    owned.shutdown();
                }
            }
        };
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

    /**
     * Returns when every server that holds keys (the Redis, or every master of a Cluster) answers
     * PING; throws a {@link RedisStoreException} otherwise. One master down makes every key of its
     * slots unreachable, so asking a single node, or reading one key, would say "up" or "down"
     * depending on where that key happens to live.
     */
    void pingEveryServer() {
        List<CompletableFuture<String>> sent;
        try {
            sent = pings.get();
        } catch (RedisException e) {
            throw new RedisStoreException("could not reach every Redis server", e);
        }
        await("reach every Redis server", sent);
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
