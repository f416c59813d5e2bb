package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import dev.gatehouse.server.config.StoreSettings;
import dev.gatehouse.store.redis.RedisStores;
import dev.gatehouse.store.sql.PostgresRevocationNotices;
import dev.gatehouse.store.sql.PostgresStores;
import dev.gatehouse.store.sql.SqliteStores;
import java.util.List;
import java.util.function.LongConsumer;

/** Opens the stores the settings choose: the one place that knows every backend. */
final class StoreFactory {

    /**
     * The stores, and how to hear about revocations appended by other nodes as they happen
     * (Redis publishes them, PostgreSQL notifies; followers also poll, in case a notice is lost).
     */
    record Opened(Stores stores, AppendNotices notices) {
    }

    /** Subscribes to notices of appends to the revocation log made by any node. */
    @FunctionalInterface
    interface AppendNotices {
        AutoCloseable follow(LongConsumer onAppended);

        AppendNotices NONE = onAppended -> () -> { };
    }

    private StoreFactory() {
    }

    static Opened open(StoreSettings settings) {
        Stores sql = switch (settings.backend()) {
            case SQLITE -> SqliteStores.open(settings.dataDirectory());
            case POSTGRES -> PostgresStores.open(settings.postgresUrl(), blankToNull(settings.postgresUser()),
                    blankToNull(settings.postgresPassword()));
        };
        if (!settings.sessionsInRedis()) {
            return new Opened(sql, switch (settings.backend()) {
                case SQLITE -> AppendNotices.NONE; // one process: its own appends wake its followers
                case POSTGRES -> PostgresRevocationNotices.of(settings.postgresUrl(),
                        blankToNull(settings.postgresUser()), blankToNull(settings.postgresPassword()))::follow;
            });
        }
        RedisStores.Opened redis;
        try {
            List<String> uris = settings.redisUris();
            redis = (settings.redisCluster() ? RedisStores.cluster(uris) : RedisStores.standalone(uris.getFirst()))
                    .keyPrefix(settings.redisPrefix()).open();
        } catch (RuntimeException e) {
            sql.close();
            throw e;
        }
        Stores combined = new Stores(sql.accounts(), redis.sessions(), sql.audit(), sql.keys(), sql.clients(),
                redis.refreshTokens(), redis.revocations(), redis.attempts(), () -> {
                    try {
                        redis.close();
                    } finally {
                        sql.close();
                    }
                });
        return new Opened(combined, redis.revocationFeed()::follow);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
