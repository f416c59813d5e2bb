package dev.gatehouse.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where Gatehouse keeps what. Durable, rarely written data (accounts, keys, clients, audit) lives
 * in SQL: the embedded SQLite file, or PostgreSQL shared by every node. Sessions, refresh-token
 * lineages and the revocation log, written on every sign-in and refresh, live in the same SQL
 * store or in Redis.
 *
 * @param backend          the SQL store
 * @param dataDirectory    the SQLite folder (also holds the master key file)
 * @param postgresUrl      JDBC URL, when the backend is PostgreSQL
 * @param postgresUser     user, or empty
 * @param postgresPassword password, or empty; never printed
 * @param postgresReadTimeout longest wait for the answer to one PostgreSQL statement
 * @param sessionsInRedis  whether sessions, refresh lineages and revocations live in Redis
 * @param redisUris        Redis URI, or Cluster seed URIs
 * @param redisCluster     whether the URIs name a Cluster
 * @param redisPrefix      prefix of every key in Redis
 */
public record StoreSettings(Backend backend, Path dataDirectory, String postgresUrl, String postgresUser,
                            String postgresPassword, Duration postgresReadTimeout, boolean sessionsInRedis, List<String> redisUris,
                            boolean redisCluster, String redisPrefix) {

    /** The SQL store. */
    public enum Backend { SQLITE, POSTGRES }

    public StoreSettings {
        redisUris = List.copyOf(redisUris);
    }

    @Override
    public String toString() {
        return "StoreSettings[backend=" + backend + ", sessionsInRedis=" + sessionsInRedis + ", redisCluster="
                + redisCluster + "]";
    }
}
