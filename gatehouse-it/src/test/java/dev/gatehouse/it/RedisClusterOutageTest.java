package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One master of the Redis Cluster that holds sessions stops under a running node, then starts
 * again on its port, folder and {@code nodes.conf}. While it is away, a cookie check whose keys
 * live on it (the token pointer {@code {t:HASH}} or the session {@code {s:SID}}) is answered 503
 * {@code store_unavailable} with {@code Retry-After} within seconds, never 200 and never 401;
 * a cookie check whose keys live on the other masters is answered 200 as before. Once the master
 * is back, the node serves it again by itself, and every session acknowledged before the outage
 * is still valid (the masters write each command to their append-only file before answering).
 *
 * <p>The master stopped is one that holds neither the revocation log nor the session sweep
 * queue (each lives in one slot, so on one master; with that master down, every revocation and
 * every sign-in fails). It does not hold the key the readiness probe used to look up either: the
 * node must say it is not ready because a master is unreachable, wherever its probe hashes to.
 *
 * <p>{@code /health/ready} says not ready during the outage. Every node sharing the cluster says
 * so at once, so an orchestrator that takes every not-ready node out of rotation sends nobody to
 * the masters still up; but readiness is also what alerting and rolling deploys read, and a node
 * that fails a share of its users at random is not fit to serve. Operators choose: Redis's
 * default ({@code cluster-require-full-coverage yes}) refuses every command anyway once the cluster
 * marks the master failed; see docs/operations.md, "When a store fails". Times are printed, not
 * asserted beyond generous bounds.
 */
class RedisClusterOutageTest {

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);
    private static final String PREFIX = "ghco:";
    private static final String SESSION_COOKIE = "__Host-gatehouse";

    @TempDir
    Path temp;
    ThrowawayRedisCluster cluster;
    TestServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A signed-in browser and the masters its cookie check reads. */
    private record SignedIn(String account, Browser browser, Set<Integer> masters) {
    }

    @Test
    void while_one_master_is_stopped_its_sessions_get_a_prompt_503_the_others_work_and_after_it_the_node_recovers_with_every_session()
            throws Exception {
        cluster = ThrowawayRedisCluster.start(Files.createDirectory(temp.resolve("redis")));
        server = TestServer.start(Files.createDirectory(temp.resolve("data")), Map.of(Setting.STORE_SESSIONS, "redis",
                Setting.STORE_REDIS_URIS, String.join(",", cluster.uris()), Setting.STORE_REDIS_CLUSTER, "on",
                Setting.STORE_REDIS_PREFIX, PREFIX));
        Set<Integer> shared = new TreeSet<>(List.of(cluster.masterOf(PREFIX + "{rev}:seq"), cluster.masterOf(PREFIX + "{sweep}:sessions")));
        int victim = 0;
        while (shared.contains(victim)) {
            victim++;
        }

        List<SignedIn> onVictim = new ArrayList<>();
        List<SignedIn> elsewhere = new ArrayList<>();
        for (int i = 0; (onVictim.size() < 4 || elsewhere.size() < 4) && i < 60; i++) {
            SignedIn s = signIn("user" + i);
            (s.masters().contains(victim) ? onVictim : elsewhere).add(s);
        }
        System.out.printf("master %d of %d stopped; %d sessions read from it, %d only from the others%n",
                victim, cluster.masters(), onVictim.size(), elsewhere.size());
        assertThat(onVictim).hasSizeGreaterThanOrEqualTo(4);
        assertThat(elsewhere).hasSizeGreaterThanOrEqualTo(4);

        cluster.stopMaster(victim);

        checkDuringOutage("right after the stop", onVictim, elsewhere);
        Thread.sleep(3L * ThrowawayRedisCluster.NODE_TIMEOUT_MS); // the other masters have marked it failed by now
        checkDuringOutage("once the cluster marked it failed", onVictim, elsewhere);

        int signInsOk = 0;
        int signInsRefused = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // a sign-in writes to several slots (and reads the throttle's): it succeeds only if none is on the stopped master
            List<Future<HttpResponse<String>>> signIns = elsewhere.stream()
                    .map(s -> pool.submit(() -> new Browser(server).login(s.account()))).toList();
            for (Future<HttpResponse<String>> signIn : signIns) {
                HttpResponse<String> answer = signIn.get();
                if (answer.statusCode() == 200) {
                    signInsOk++;
                } else {
                    assertStoreUnavailable(answer);
                    signInsRefused++;
                }
            }
        }
        System.out.printf("sign-ins during the outage: %d answered 200, %d answered 503%n", signInsOk, signInsRefused);

        HttpResponse<String> ready = new Browser(server).get("/health/ready");
        System.out.println("readiness during the outage: " + ready.statusCode() + " " + ready.body());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("not_ready");
        assertThat(new Browser(server).get("/health/live").statusCode()).isEqualTo(200);

        cluster.startMaster(victim);
        long restarted = System.nanoTime();
        for (SignedIn s : onVictim) { // no restart of Gatehouse: the cluster client reconnects by itself
            int status;
            do {
                status = s.browser().get("/v1/verify").statusCode();
            } while (status != 200 && elapsedMillis(restarted) < RECOVERY_BOUND.toMillis() && pause());
            assertThat(status).as("cookie check of a session on master %d after it is back", victim).isEqualTo(200);
        }
        long recovered = elapsedMillis(restarted);
        System.out.println("every session on the restarted master answered 200 again after " + recovered + " ms");

        for (SignedIn s : elsewhere) {
            assertThat(s.browser().get("/v1/verify").statusCode()).isEqualTo(200);
        }
        int readyAgain;
        do {
            readyAgain = new Browser(server).get("/health/ready").statusCode();
        } while (readyAgain != 200 && elapsedMillis(restarted) < RECOVERY_BOUND.toMillis() && pause());
        System.out.println("ready again after " + elapsedMillis(restarted) + " ms");
        assertThat(readyAgain).isEqualTo(200);
        assertThat(new Browser(server).login("user0").statusCode()).isEqualTo(200);
    }

    private SignedIn signIn(String account) {
        server.createAccount(account, false);
        Browser b = new Browser(server);
        assertThat(b.login(account).statusCode()).isEqualTo(200);
        assertThat(b.get("/v1/verify").statusCode()).isEqualTo(200);
        String pointer = PREFIX + "{t:" + Secrets.sha256Hex(b.cookies.get(SESSION_COOKIE)) + "}";
        String sid = cluster.get(pointer);
        assertThat(sid).as("the session's token pointer").isNotNull();
        return new SignedIn(account, b, new TreeSet<>(List.of(cluster.masterOf(pointer), cluster.masterOf(PREFIX + "{s:" + sid + "}"))));
    }

    /** Every cookie check at once: 503 in bounded time for sessions on the stopped master, 200 for the others. */
    private void checkDuringOutage(String when, List<SignedIn> onVictim, List<SignedIn> elsewhere) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Timed>> down = onVictim.stream().map(s -> pool.submit(() -> timed(s.browser()))).toList();
            List<Future<Timed>> up = elsewhere.stream().map(s -> pool.submit(() -> timed(s.browser()))).toList();
            for (int i = 0; i < down.size(); i++) {
                Timed t = down.get(i).get();
                System.out.printf("%s: session on masters %s: %d after %d ms%n", when, onVictim.get(i).masters(),
                        t.answer().statusCode(), t.millis());
                assertThat(t.answer().statusCode()).isEqualTo(503);
                assertStoreUnavailable(t.answer());
                assertThat(t.millis()).isLessThan(ANSWER_BOUND.toMillis());
            }
            for (int i = 0; i < up.size(); i++) {
                Timed t = up.get(i).get();
                System.out.printf("%s: session on masters %s: %d after %d ms%n", when, elsewhere.get(i).masters(),
                        t.answer().statusCode(), t.millis());
                assertThat(t.answer().statusCode()).isEqualTo(200);
            }
        }
    }

    private static void assertStoreUnavailable(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"store_unavailable\"");
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
    }

    private record Timed(HttpResponse<String> answer, long millis) {
    }

    private static Timed timed(Browser b) {
        long start = System.nanoTime();
        HttpResponse<String> answer = b.get("/v1/verify");
        return new Timed(answer, elapsedMillis(start));
    }

    private static long elapsedMillis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
