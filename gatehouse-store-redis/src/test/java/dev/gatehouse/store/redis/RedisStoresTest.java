package dev.gatehouse.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStoresTest {

    @Test
    void a_malformed_uri_is_refused_without_repeating_it() {
        assertThatThrownBy(() -> RedisStores.standalone("redis://:s3cret@[bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void a_cluster_needs_a_seed() {
        assertThatThrownBy(() -> RedisStores.cluster(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed");
    }

    @Test
    void a_prefix_that_would_pick_the_cluster_slot_is_refused_up_front() {
        assertThatThrownBy(() -> RedisStores.standalone("redis://127.0.0.1:6379").keyPrefix("gh{x}:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'{'");
    }

    @Test
    void opening_a_redis_that_does_not_answer_fails_with_a_store_exception_that_names_no_password() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;

        assertThatThrownBy(() -> RedisStores.standalone("redis://:s3cret@127.0.0.1:" + closedPort + "?timeout=2s")
                .clientResources(TestRedis.RESOURCES).open())
                .isInstanceOf(RedisStoreException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
