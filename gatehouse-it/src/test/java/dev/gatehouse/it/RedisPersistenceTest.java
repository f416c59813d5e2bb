package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With append-only persistence, a Redis restart signs nobody out. */
class RedisPersistenceTest {

    @TempDir
    Path temp;
    ThrowawayRedis redis;
    TestServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sessions_in_redis_with_aof_survive_a_redis_restart() throws Exception {
        redis = ThrowawayRedis.appendOnly(temp).start();
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_SESSIONS, "redis",
                Setting.STORE_REDIS_URIS, redis.uri()));
        server.createAccount("alice", false);
        Browser web = new Browser(server);
        assertThat(web.login("alice").statusCode()).isEqualTo(200);

        redis.stop();
        redis.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status;
        do { // the client reconnects on its own
            status = web.get("/v1/verify").statusCode();
        } while (status != 200 && System.nanoTime() < deadline && sleep());
        assertThat(status).isEqualTo(200);
    }

    private static boolean sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
