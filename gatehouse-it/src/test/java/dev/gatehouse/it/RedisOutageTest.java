package dev.gatehouse.it;

import static dev.gatehouse.it.FaultChecks.ANSWER_BOUND;
import static dev.gatehouse.it.FaultChecks.assertStoreUnavailable;
import static dev.gatehouse.it.FaultChecks.retryUntil;
import static dev.gatehouse.it.FaultChecks.timed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.it.FaultChecks.Timed;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis that holds sessions stops under a running node, then starts again: while it is away,
 * requests that need it are answered 503 {@code store_unavailable} within seconds and nothing is
 * authenticated; once it is back, the node works again by itself, without a restart.
 *
 * <p>This Redis keeps nothing (no snapshot, no append-only file), so the sessions of before the
 * outage are gone after it: those browsers sign in again. {@link RedisPersistenceTest} shows the
 * other case. The times are printed, not asserted beyond generous bounds: tests do not measure speed.
 */
class RedisOutageTest {

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
    void while_redis_is_stopped_requests_get_a_prompt_503_and_once_it_is_back_the_node_recovers_without_a_restart()
            throws Exception {
        redis = ThrowawayRedis.inMemory(Files.createDirectory(temp.resolve("redis"))).start();
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_SESSIONS, "redis",
                Setting.STORE_REDIS_URIS, redis.uri()));
        server.createAccount("alice", false);
        Browser before = new Browser(server);
        assertThat(before.login("alice").statusCode()).isEqualTo(200);
        assertThat(before.get("/v1/verify").statusCode()).isEqualTo(200);

        redis.stop();

        Timed<HttpResponse<String>> check = timed(() -> before.get("/v1/verify"));
        System.out.println("cookie check with Redis stopped: " + check.answer().statusCode() + " after " + check.millis() + " ms");
        assertStoreUnavailable(check.answer());
        assertThat(check.millis()).isLessThan(ANSWER_BOUND.toMillis());

        Timed<HttpResponse<String>> signIn = timed(() -> new Browser(server).login("alice"));
        System.out.println("sign-in with Redis stopped: " + signIn.answer().statusCode() + " after " + signIn.millis() + " ms");
        assertStoreUnavailable(signIn.answer());
        assertThat(signIn.millis()).isLessThan(ANSWER_BOUND.toMillis());

        HttpResponse<String> ready = new Browser(server).get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("not_ready");
        assertThat(new Browser(server).get("/health/live").statusCode()).isEqualTo(200); // no reason to restart the node

        redis.start();
        long restarted = System.nanoTime();

        Browser after = new Browser(server); // no restart of Gatehouse: the Redis client reconnects by itself
        Timed<HttpResponse<String>> signedIn = retryUntil(200, restarted, () -> after.login("alice"));
        System.out.println("first sign-in after Redis started again: " + signedIn.answer().statusCode() + " after "
                + signedIn.millis() + " ms");
        assertThat(signedIn.answer().statusCode()).isEqualTo(200);
        assertThat(after.get("/v1/verify").statusCode()).isEqualTo(200);
        assertThat(new Browser(server).get("/health/ready").statusCode()).isEqualTo(200);
        // Redis kept nothing: the session of before the outage is gone, and its cookie is refused, not let through
        assertThat(before.get("/v1/verify").statusCode()).isEqualTo(401);
    }
}
