package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import dev.gatehouse.server.config.StoreSettings;
import dev.gatehouse.store.redis.RedisStores;
import dev.gatehouse.store.sql.PostgresStores;
import dev.gatehouse.store.sql.SqliteStores;
import java.util.List;

/** Opens the stores the settings choose: the one place that knows every backend. */
final class StoreFactory {

    private StoreFactory() {
    }

    /**
     * The stores the settings choose. With sessions in Redis, the revocation log is there too,
     * and so are its notices (Redis publishes each append); otherwise both are on the SQL store.
     */
    static Stores open(StoreSettings settings) {
        Stores sql = switch (settings.backend()) {
            case SQLITE -> SqliteStores.open(settings.dataDirectory());
            case POSTGRES -> PostgresStores.open(settings.postgresUrl(), blankToNull(settings.postgresUser()),
                    blankToNull(settings.postgresPassword()), settings.postgresReadTimeout());
        };
        if (!settings.sessionsInRedis()) {
            return sql;
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
        return new Stores(sql.accounts(), redis.sessions(), sql.audit(), sql.keys(), sql.clients(),
                redis.refreshTokens(), redis.revocations(), redis.revocationNotices(), redis.attempts(), sql.factors(), sql.oauth(), () -> {
                    try {
                        redis.close();
                    } finally {
                        sql.close();
                    }
                });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
