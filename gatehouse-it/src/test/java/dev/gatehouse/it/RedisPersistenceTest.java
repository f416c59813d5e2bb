package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestNginx;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With append-only persistence, a Redis restart signs nobody out. */
class RedisPersistenceTest {

    @TempDir
    Path temp;
    Process redis;
    TestServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        stopRedis();
    }

    @Test
    void sessions_in_redis_with_aof_survive_a_redis_restart() throws Exception {
        int port = TestNginx.freePort();
        startRedis(port);
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_SESSIONS, "redis",
                Setting.STORE_REDIS_URIS, "redis://127.0.0.1:" + port));
        server.createAccount("alice", false);
        Browser web = new Browser(server);
        assertThat(web.login("alice").statusCode()).isEqualTo(200);

        stopRedis();
        startRedis(port);

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

    private void startRedis(int port) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("redis-server is not installed, and CI=true needs this test to run");
            }
            Assumptions.assumeTrue(false, "redis-server is not installed (/usr/bin/redis-server)");
        }
        redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", temp.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no").redirectErrorStream(true).redirectOutput(temp.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("redis-server did not start:\n" + Files.readString(temp.resolve("redis.log")));
    }

    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy(); // SIGTERM: Redis flushes the append-only file and exits
            if (!redis.waitFor(15, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
            redis = null;
        }
    }
}
