package dev.gatehouse.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a real three-master Cluster, one account's sessions land on every master, and the
 * operations that span them (revoke all, list) still see them all.
 */
class ClusterSpreadTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final int SESSIONS = 30;

    private final String prefix = TestRedis.newPrefix();
    private RedisStores.Opened redis;

    @BeforeEach
    void open() {
        redis = TestRedisCluster.open(prefix);
    }

    @AfterEach
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Session session(int i) {
        Instant created = T0.plusSeconds(i);
        return new Session("s-" + i, "acc-1", "hash-" + i, "web", created, created, created.plus(Duration.ofMinutes(30)),
                created.plus(Duration.ofHours(12)), Device.UNKNOWN, null, null);
    }

    @Test
    void one_accounts_sessions_live_on_every_master_and_revoking_all_reaches_each_of_them() {
        SessionStore sessions = redis.sessions();
        RefreshTokenStore refresh = redis.refreshTokens();
        List<String> ids = IntStream.range(0, SESSIONS).mapToObj(i -> "s-" + i).toList();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.create(session(i));
            refresh.issue("s-" + i, "rt-" + i, T0);
        }
        RedisKeys keys = new RedisKeys(prefix);
        assertThat(mastersHolding(ids.stream().map(keys::session).toList())).isEqualTo(3);

        Instant at = T0.plus(Duration.ofMinutes(1));
        assertThat(sessions.listActive("acc-1", at, null, 100)).hasSize(SESSIONS);
        assertThat(sessions.revokeAll("acc-1", at, RevokeReason.PASSWORD_CHANGED)).containsExactlyInAnyOrderElementsOf(ids);

        assertThat(sessions.listActive("acc-1", at, null, 100)).isEmpty();
        for (String id : ids) {
            assertThat(sessions.findById(id).orElseThrow().revokeReason()).isEqualTo(RevokeReason.PASSWORD_CHANGED);
        }
        // each lineage sees its own session's revocation, on whichever master holds it
        assertThat(refresh.rotate("rt-7", "rt-7b", new byte[] {1}, at, Duration.ofSeconds(30)))
                .isEqualTo(new RotationResult.SessionEnded("s-7"));
    }

    /** How many nodes hold these keys: only the owner of a slot has keys in it. */
    private static int mastersHolding(List<String> keys) {
        int holding = 0;
        for (String seed : TestRedisCluster.require()) {
            RedisClient client = RedisClient.create(TestRedis.RESOURCES, seed);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                if (keys.stream().anyMatch(key -> c.sync().clusterCountKeysInSlot(SlotHash.getSlot(key)) > 0)) {
                    holding++;
                }
            } finally {
                client.shutdown();
            }
        }
        return holding;
    }
}
