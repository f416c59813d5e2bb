package dev.gatehouse.store.redis;

import dev.gatehouse.core.memory.InMemoryFactorStore;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.memory.InMemoryAccountStore;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryClientStore;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The standalone Redis the tests run against: {@code redis://127.0.0.1:6379} unless
 * {@code GATEHOUSE_TEST_REDIS_URL} says otherwise.
 *
 * <p>Each test gets stores under a key prefix of its own, {@code ghtest-<random>:}, so it starts
 * empty and never sees another test's keys, without {@code FLUSHALL} on a Redis others may use.
 * Closing the stores deletes the keys under the prefix (with {@code SCAN}, which only the tests
 * use: the stores themselves never scan).
 *
 * <p>When Redis does not answer, tests that need it are skipped with the reason, except in CI
 * ({@code CI=true}), where they fail. The check runs per test, like {@code TestPostgres}'s.
 */
final class TestRedis {

    static final String URL = env("GATEHOUSE_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    /** Lettuce's threads, shared by every client the tests open. */
    static final ClientResources RESOURCES = DefaultClientResources.create();

    private static String unreachable;
    private static boolean probed;

    private TestRedis() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips (outside CI) or fails (in CI) the calling test for this reason. */
    static void skipOrFail(String reason, String what) {
        if (ci()) {
            fail(reason + "; CI=true, so the " + what + " tests must run (.ci/run starts Redis; the Cluster needs redis-server and redis-cli)");
        }
        assumeTrue(false, reason + "; skipping the " + what + " tests (they fail instead when CI=true)");
    }

    static void require() {
        String reason = probe();
        if (reason != null) {
            skipOrFail(reason, "Redis");
        }
    }

    private static synchronized String probe() {
        if (!probed) {
            probed = true;
            RedisURI uri = RedisURI.create(URL);
            uri.setTimeout(Duration.ofSeconds(3));
            RedisClient client = RedisClient.create(RESOURCES, uri);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                unreachable = "PONG".equals(c.sync().ping()) ? null : "Redis at " + URL + " did not answer PING";
            } catch (RuntimeException e) {
                unreachable = "Redis at " + URL + " is not reachable: " + e.getMessage();
            } finally {
                client.shutdown();
            }
        }
        return unreachable;
    }

    static String newPrefix() {
        return "ghtest-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":";
    }

    /** Redis stores under a fresh prefix; closing them deletes every key under it. */
    static RedisStores.Opened open() {
        return open(newPrefix());
    }

    /** Redis stores under this prefix (several may share one, like nodes); closing them deletes its keys. */
    static RedisStores.Opened open(String prefix) {
        require();
        RedisStores.Opened opened = RedisStores.standalone(URL).keyPrefix(prefix).clientResources(RESOURCES).open();
        return new RedisStores.Opened(opened.sessions(), opened.refreshTokens(), opened.revocations(),
                opened.revocationNotices(), opened.attempts(), () -> {
                    try {
                        deleteUnder(prefix);
                    } finally {
                        opened.close();
                    }
                });
    }

    private static void deleteUnder(String prefix) {
        RedisClient client = RedisClient.create(RESOURCES, URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> found = new ArrayList<>();
            ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500)).forEachRemaining(found::add);
            if (!found.isEmpty()) {
                c.sync().del(found.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    /** What the contracts take: the Redis ports beside in-memory ones for what Redis does not hold. */
    static Stores stores(RedisStores.Opened redis) {
        return new Stores(new InMemoryAccountStore(), redis.sessions(), new InMemoryAuditLog(),
                new InMemorySigningKeyStore(), new InMemoryClientStore(), redis.refreshTokens(), redis.revocations(),
                redis.revocationNotices(), redis.attempts(), new InMemoryFactorStore(),
                dev.gatehouse.core.oidc.OAuthStores.inMemory(), redis.closer());
    }
}
