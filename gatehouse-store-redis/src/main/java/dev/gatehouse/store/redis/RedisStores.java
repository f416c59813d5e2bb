package dev.gatehouse.store.redis;

import dev.gatehouse.core.revocation.RevocationLog;
import dev.gatehouse.core.revocation.RevocationNotices;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.core.token.RefreshTokenStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the Redis stores: sessions, refresh-token lineages, the revocation log (with
 * append notices) and attempt counters, on a standalone Redis or a Redis Cluster.
 *
 * <pre>{@code
 * try (RedisStores.Opened redis = RedisStores.standalone("redis://127.0.0.1:6379").open()) { ... }
 * RedisStores.cluster(List.of("redis://10.0.0.1:6379", "redis://10.0.0.2:6379")).keyPrefix("auth:").open();
 * }</pre>
 *
 * Accounts, keys, clients and audit stay in a durable store (PostgreSQL); Redis holds what is
 * hot and short-lived. Everything is written under a key prefix (default {@code gh:}), so several
 * deployments, or tests, can share one Redis. One thread-safe connection (plus one per
 * subscription) serves all stores; Lettuce reconnects by itself and, in a Cluster, follows
 * fail-overs and slot moves. Commands do not use {@code KEYS}, {@code SCAN} or {@code CONFIG},
 * which managed services often refuse; see {@link RedisKeys} for the key layout.
 */
public final class RedisStores {

    private final List<RedisURI> uris;
    private final boolean cluster;
    private String keyPrefix = RedisKeys.DEFAULT_PREFIX;
    private ClientResources resources;

    private RedisStores(List<RedisURI> uris, boolean cluster) {
        this.uris = uris;
        this.cluster = cluster;
    }

    /** A standalone Redis (or a proxy in front of one), e.g. {@code redis://127.0.0.1:6379/0} or {@code rediss://...}. */
    public static RedisStores standalone(String uri) {
        return new RedisStores(List.of(parse(uri)), false);
    }

    /** A Redis Cluster, found through any of these seed nodes (the others are discovered). */
    public static RedisStores cluster(List<String> seedUris) {
        if (seedUris == null || seedUris.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed URI");
        }
        return new RedisStores(seedUris.stream().map(RedisStores::parse).toList(), true);
    }

    private static RedisURI parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            return RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            // RedisURI's message would repeat the URI, password included
            throw new IllegalArgumentException("not a Redis URI (expected redis://host:port or rediss://host:port)");
        }
    }

    /** Prefix of every key, default {@code gh:}; at most 64 characters, no braces. */
    public RedisStores keyPrefix(String prefix) {
        new RedisKeys(prefix);
        this.keyPrefix = prefix;
        return this;
    }

    /** Shares Lettuce's threads with other clients; the caller shuts them down, not {@link Opened#close()}. */
    public RedisStores clientResources(ClientResources shared) {
        this.resources = Objects.requireNonNull(shared, "shared");
        return this;
    }

    /** Connects (failing with a {@link RedisStoreException} if Redis does not answer) and builds the stores. */
    public Opened open() {
        RedisKeys keys = new RedisKeys(keyPrefix);
        RedisConnection redis = cluster ? RedisConnection.cluster(uris, resources)
                : RedisConnection.standalone(uris.get(0), resources);
        RedisRevocationNotices notices = new RedisRevocationNotices(redis, keys);
        return new Opened(new RedisSessionStore(redis, keys), new RedisRefreshTokenStore(redis, keys),
                new RedisRevocationLog(redis, keys), notices, new RedisAttemptCounter(redis, keys), () -> {
                    try {
                        notices.close();
                    } finally {
                        redis.close();
                    }
                });
    }

    /**
     * The opened stores.
     *
     * @param sessions       sessions
     * @param refreshTokens  refresh-token lineages of sessions
     * @param revocations    the revocation log verifiers follow
     * @param revocationNotices notices of appends to that log, by any node sharing this Redis
     * @param attempts       attempt counters for throttling
     * @param closer         closes the connections; called once on shutdown
     */
    public record Opened(SessionStore sessions, RefreshTokenStore refreshTokens, RevocationLog revocations,
                         RevocationNotices revocationNotices, AttemptCounter attempts, Runnable closer)
            implements AutoCloseable {

        @Override
        public void close() {
            closer.run();
        }
    }
}
