package dev.gatehouse.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Followers sharing Redis hear of each append at once, on standalone Redis and across a Cluster. */
class RevocationFeedTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration TTL = Duration.ofMinutes(15);

    @Test
    void a_follower_on_standalone_redis_is_told_the_sequence_number_of_each_append_by_another_node() throws Exception {
        followerHearsAppends(TestRedis::open);
    }

    @Test
    void a_follower_on_a_cluster_is_told_the_sequence_number_of_each_append_by_another_node() throws Exception {
        followerHearsAppends(TestRedisCluster::open);
    }

    /** Two clients under one prefix play two Gatehouse nodes sharing Redis. */
    private static void followerHearsAppends(Function<String, RedisStores.Opened> open) throws Exception {
        String prefix = TestRedis.newPrefix();
        try (RedisStores.Opened follower = open.apply(prefix); RedisStores.Opened node = open.apply(prefix)) {
            LinkedBlockingQueue<Long> heard = new LinkedBlockingQueue<>();
            try (AutoCloseable subscription = follower.revocationFeed().follow(heard::add)) {
                Revocation first = node.revocations().append(RevocationKind.SESSION, "s-1", T0, T0.plus(TTL));
                Revocation second = node.revocations().append(RevocationKind.ACCOUNT, "acc-1", T0, T0.plus(TTL));

                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(first.seq());
                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(second.seq());
                assertThat(follower.revocations().after(0, 10)).containsExactly(first, second);
            }
            node.revocations().append(RevocationKind.SESSION, "s-2", T0, T0.plus(TTL));
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("a notice after the subscription closed").isNull();
        }
    }
}
