package dev.gatehouse.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.RotationResult;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A rotation whose script runs in Redis but whose answer never reaches the node (a timeout on a
 * busy machine, a connection cut after the write): the caller hears "store unavailable", the
 * client retries with the same token within the grace window and is handed the token that
 * rotation made current. That token must still work: its pointer must not have been released on
 * the failure, or the lineage is lost at the client's next refresh.
 *
 * <p>Between the store and Redis sits a proxy that, from the rotation script on (recognised by
 * the sealed token it carries), passes commands to Redis but drops Redis's answers.
 */
class RotationAnswerLostTest {

    private static final Duration GRACE = Duration.ofSeconds(10);

    @Test
    void a_rotation_whose_answer_was_lost_leaves_a_token_that_the_grace_replay_hands_out_and_that_rotates_again()
            throws Exception {
        TestRedis.require();
        String prefix = TestRedis.newPrefix();
        byte[] marker = ("answer-lost-" + prefix).getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        try (RedisStores.Opened direct = TestRedis.open(prefix);
             AnswerDroppingProxy proxy = new AnswerDroppingProxy(RedisURI.create(TestRedis.URL), marker)) {
            direct.sessions().create(new Session("s-1", "acc-1", "cookie-hash", "web", now, now,
                    now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(12)), new Device("test", "192.0.2.1"), null, null));
            direct.refreshTokens().issue("s-1", "hash-0", now);

            try (RedisStores.Opened viaProxy = RedisStores.standalone("redis://127.0.0.1:" + proxy.port())
                    .keyPrefix(prefix).clientResources(TestRedis.RESOURCES).open()) {
                assertThatThrownBy(() -> viaProxy.refreshTokens().rotate("hash-0", "hash-1", marker, now, GRACE))
                        .isInstanceOf(RedisStoreException.class);
            }

            RotationResult retry = direct.refreshTokens().rotate("hash-0", "hash-1b", new byte[] {1}, now.plusSeconds(3), GRACE);
            assertThat(retry).as("the lost rotation ran").isInstanceOf(RotationResult.GraceReplay.class);
            assertThat(((RotationResult.GraceReplay) retry).sealedToken()).isEqualTo(marker);
            assertThat(direct.refreshTokens().sessionOf("hash-1")).contains("s-1");
            assertThat(direct.refreshTokens().rotate("hash-1", "hash-2", new byte[] {2}, now.plusSeconds(4), GRACE))
                    .isInstanceOf(RotationResult.Rotated.class);
        }
    }

    /** Relays one Redis connection at a time; once {@code marker} has passed towards Redis, Redis's answers are dropped. */
    private static final class AnswerDroppingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final RedisURI target;
        private final byte[] marker;
        private final AtomicBoolean dropping = new AtomicBoolean();

        AnswerDroppingProxy(RedisURI target, byte[] marker) throws IOException {
            this.listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            this.target = target;
            this.marker = marker;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket redis = new Socket(target.getHost(), target.getPort());
                    Thread.ofVirtual().start(() -> pump(client, redis, true));
                    Thread.ofVirtual().start(() -> pump(redis, client, false));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void pump(Socket from, Socket to, boolean towardsRedis) {
            try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (towardsRedis && contains(buffer, n, marker)) {
                        dropping.set(true);
                    }
                    if (towardsRedis || !dropping.get()) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side closed the connection
            }
        }

        private static boolean contains(byte[] buffer, int length, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (buffer[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
