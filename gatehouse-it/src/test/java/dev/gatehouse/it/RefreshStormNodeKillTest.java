package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.store.testkit.TestPostgres;
import dev.gatehouse.store.testkit.TestRedisCluster;
import dev.gatehouse.testsupport.MovableClock;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Gatehouse nodes, each its own process, sharing PostgreSQL (accounts, keys) and the Redis
 * Cluster (sessions, refresh lineages); fifty token clients refresh at once, each through the
 * nodes in turn, and one node is killed with SIGKILL in the middle of the storm. A client whose
 * request got no answer (the connection reset, or refused once the node is gone) retries the same
 * refresh token on the next node, as a client behind a load balancer would; so does a client
 * answered 503 {@code store_unavailable} (Redis slow to answer on a busy machine), after
 * {@code Retry-After}. Either way the refresh may have been stored before the answer was lost.
 *
 * <p>The survivors answer every request 200 or 503 {@code store_unavailable}, nothing else (no
 * {@code invalid_grant}: no retry is taken for reuse). Afterwards the store itself is read: every lineage is
 * still there, its session not revoked, and each client's last acknowledged refresh token is its
 * lineage's current one, or the previous one within the grace window (whose refresh replays the
 * same new token); so no lineage forked (a second token accepted beside the current one would
 * have made another client's token stale, or revoked the session as reuse) and none was lost.
 * A retry of a refresh that the killed node had already stored is what the grace window is for:
 * it returns the token that node had issued, never a second one.
 */
class RefreshStormNodeKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 3;
    private static final int CLIENTS = 50;
    private static final int ACCOUNTS = 5;
    private static final int REFRESHES_PER_CLIENT = 12;
    /** The victim dies once this many refreshes have been acknowledged, about a third of the storm. */
    private static final int KILL_AFTER = CLIENTS * REFRESHES_PER_CLIENT / 3;
    private static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    TestPostgres.Schema schema;
    String prefix;
    List<String> seeds;
    final List<GatehouseProcess> nodes = new ArrayList<>();

    /** One token client: its session and its last acknowledged refresh token. */
    private static final class Client {
        final String sessionId;
        volatile String refreshToken;

        Client(String sessionId, String refreshToken) {
            this.sessionId = sessionId;
            this.refreshToken = refreshToken;
        }
    }

    @BeforeEach
    void start() throws Exception {
        long began = System.nanoTime();
        seeds = TestRedisCluster.require();
        schema = TestPostgres.newSchema();
        prefix = "ghkill-" + Secrets.randomToken(6) + ":";
        Map<String, String> env = Map.of("GATEHOUSE_MASTER_KEY", Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.SERVER_PUBLIC_ORIGIN, TestServer.ORIGIN);
        settings.put(Setting.STORE_BACKEND, "postgres");
        settings.put(Setting.STORE_POSTGRES_URL, schema.url());
        settings.put(Setting.STORE_POSTGRES_USER, TestPostgres.USER);
        settings.put(Setting.STORE_SESSIONS, "redis");
        settings.put(Setting.STORE_REDIS_URIS, String.join(",", seeds));
        settings.put(Setting.STORE_REDIS_CLUSTER, "on");
        settings.put(Setting.STORE_REDIS_PREFIX, prefix);
        settings.put(Setting.TOKENS_REFRESH_GRACE, GRACE.toSeconds() + "s");
        settings.put(Setting.PASSWORD_MEMORY_KIB, "64");
        settings.put(Setting.PASSWORD_ITERATIONS, "1");
        // The schema, the first signing key and the accounts, made once in this JVM before the nodes start.
        try (TestServer setup = TestServer.startNode(temp.resolve("setup"), settings, env, new MovableClock(Instant.now()))) {
            for (int a = 0; a < ACCOUNTS; a++) {
                setup.createAccount("user" + a, false);
            }
        }
        for (int i = 0; i < NODES; i++) { // one after the other: JVMs starting at once on a busy machine time out on Redis
            nodes.add(GatehouseProcess.start(temp.resolve("node" + i), settings, env));
        }
        System.out.printf("schema, accounts and %d node processes ready after %d ms%n", NODES, millisSince(began));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @AfterEach
    void stop() throws Exception {
        for (GatehouseProcess node : nodes) {
            node.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private Browser node(int i) {
        int port = nodes.get(i).port();
        return new Browser(path -> URI.create("http://127.0.0.1:" + port + path));
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_node_killed_in_a_refresh_storm_forks_no_lineage_and_loses_none() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            HttpResponse<String> login = node(c % NODES).postJson("/v1/login", "{\"username\":\"user" + (c % ACCOUNTS)
                    + "\",\"password\":\"" + TestServer.PASSWORD + "\",\"transport\":\"token\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            clients.add(new Client(json(login).path("session_id").asText(), json(login).path("refresh_token").asText()));
        }

        int victim = 1;
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicIntegerArray answeredBy = new AtomicIntegerArray(NODES);
        AtomicIntegerArray unanswered = new AtomicIntegerArray(NODES);
        AtomicInteger retriedAfterNoAnswer = new AtomicInteger();
        AtomicInteger inFlightAtKill = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        long killedAfter;
        long stormStarted = System.nanoTime();
        List<Future<?>> storms = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                Client client = clients.get(c);
                int first = c;
                storms.add(pool.submit(() -> storm(client, first, acknowledged, answeredBy, unanswered,
                        retriedAfterNoAnswer, inFlightAtKill, wrong)));
            }
            while (acknowledged.get() < KILL_AFTER && wrong.isEmpty()) {
                Thread.sleep(1);
            }
            killing = true;
            nodes.get(victim).kill();
            killedAfter = acknowledged.get();
        }
        for (Future<?> storm : storms) {
            storm.get(); // a client that failed otherwise than by an answer says so here
        }
        System.out.printf("refresh storm: %d clients, %d refreshes acknowledged in %d ms; node %d SIGKILLed after %d;"
                        + " answered per node %s; requests without an answer per node %s, %d of them in flight at the kill"
                        + " (each retried on the next node; retries answered: %d); 503 store_unavailable (retried after Retry-After): %d;"
                        + " grace replays on the survivors: %s%n",
                CLIENTS, acknowledged.get(), millisSince(stormStarted), victim, killedAfter, answeredBy, unanswered,
                inFlightAtKill.get(), retriedAfterNoAnswer.get(), storeUnavailable.get(), List.of(graceReplays(0), graceReplays(2)));
        assertThat(wrong).as("answers other than 200 from the nodes").isEmpty();
        assertThat(nodes.get(victim).isAlive()).isFalse();
        assertThat(killedAfter).as("the node died mid-storm").isLessThan((long) CLIENTS * REFRESHES_PER_CLIENT);
        assertThat(acknowledged.get()).isEqualTo(CLIENTS * REFRESHES_PER_CLIENT);

        int current = 0;
        int withinGrace = 0;
        RedisClusterClient redis = RedisClusterClient.create(seeds.stream().map(RedisURI::create).toList());
        try (StatefulRedisClusterConnection<String, String> connection = redis.connect()) {
            RedisAdvancedClusterCommands<String, String> r = connection.sync();
            for (Client client : clients) {
                String session = prefix + "{s:" + client.sessionId + "}";
                Map<String, String> state = r.hgetall(session);
                Map<String, String> lineage = r.hgetall(session + ":rt");
                assertThat(state).as("session of lineage %s", client.sessionId).isNotEmpty().doesNotContainKey("ra");
                assertThat(lineage).as("lineage %s", client.sessionId).containsKeys("lid", "cur");
                String acked = Secrets.sha256Hex(client.refreshToken);
                assertThat(r.get(prefix + "{r:" + acked + "}")).as("pointer of the last acknowledged token")
                        .isEqualTo(lineage.get("lid") + ":" + client.sessionId);
                if (acked.equals(lineage.get("cur"))) {
                    current++;
                } else {
                    assertThat(acked).as("lineage %s: the last acknowledged token is neither current nor previous",
                            client.sessionId).isEqualTo(lineage.get("prev"));
                    assertThat(Instant.now()).as("lineage %s: previous token past the grace window", client.sessionId)
                            .isBefore(Instant.ofEpochMilli(Long.parseLong(lineage.get("rat"))).plus(GRACE));
                    withinGrace++;
                }
            }
        } finally {
            redis.shutdown();
        }
        System.out.printf("lineages checked in Redis: %d; last acknowledged token current: %d, previous within the grace window: %d%n",
                clients.size(), current, withinGrace);
        assertThat(current + withinGrace).isEqualTo(CLIENTS);

        for (int c = 0; c < CLIENTS; c++) { // every lineage goes on, through either survivor
            HttpResponse<String> r;
            int tries = 0;
            do {
                r = node(c % 2 == 0 ? 0 : 2).postJson("/v1/refresh", "{\"refresh_token\":\"" + clients.get(c).refreshToken + "\"}");
            } while (r.statusCode() == 503 && ++tries < 3);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    /** What Redis holds for a client's lineage, compared with the token it holds: for failure messages. */
    private String describe(Client client) {
        RedisClusterClient redis = RedisClusterClient.create(seeds.stream().map(RedisURI::create).toList());
        try (StatefulRedisClusterConnection<String, String> connection = redis.connect()) {
            RedisAdvancedClusterCommands<String, String> r = connection.sync();
            String session = prefix + "{s:" + client.sessionId + "}";
            Map<String, String> lineage = r.hgetall(session + ":rt");
            Map<String, String> state = r.hgetall(session);
            String held = Secrets.sha256Hex(client.refreshToken);
            return "[held token is current: " + held.equals(lineage.get("cur")) + ", previous: " + held.equals(lineage.get("prev"))
                    + ", last rotation " + (lineage.containsKey("rat")
                    ? System.currentTimeMillis() - Long.parseLong(lineage.get("rat")) + " ms ago" : "none")
                    + ", its pointer: " + r.get(prefix + "{r:" + held + "}") + ", lineage id " + lineage.get("lid")
                    + ", session revoked: " + state.get("rr") + "]";
        } finally {
            redis.shutdown();
        }
    }

    /** The grace replays a node has answered, from its metrics. */
    private long graceReplays(int n) {
        HttpResponse<String> metrics = node(n).get("/metrics");
        return metrics.body().lines().filter(l -> l.startsWith("gatehouse_refreshes_total{") && l.contains("outcome=\"grace_replay\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private volatile boolean killing;
    private final AtomicInteger storeUnavailable = new AtomicInteger();

    private static void pauseForRetryAfter(HttpResponse<String> r) {
        try {
            Thread.sleep(Duration.ofSeconds(Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One client's refreshes, each through the next node; an unanswered one is retried with the same token. */
    private void storm(Client client, int first, AtomicInteger acknowledged, AtomicIntegerArray answeredBy,
                       AtomicIntegerArray unanswered, AtomicInteger retried, AtomicInteger inFlightAtKill,
                       ConcurrentLinkedQueue<String> wrong) {
        int done = 0;
        boolean retrying = false;
        for (int attempt = first; done < REFRESHES_PER_CLIENT && wrong.isEmpty(); attempt++) {
            int n = attempt % NODES;
            HttpResponse<String> r;
            boolean sentBeforeTheKill = !killing;
            try {
                r = node(n).postJson("/v1/refresh", "{\"refresh_token\":\"" + client.refreshToken + "\"}");
            } catch (UncheckedIOException noAnswer) {
                unanswered.incrementAndGet(n);
                if (sentBeforeTheKill) {
                    inFlightAtKill.incrementAndGet();
                }
                retrying = true;
                continue;
            }
            if (r.statusCode() == 503 && r.body().contains("\"code\":\"store_unavailable\"")) {
                // Redis did not answer in time (a busy machine): the rotation may or may not have been stored.
                storeUnavailable.incrementAndGet();
                retrying = true;
                pauseForRetryAfter(r);
                continue;
            }
            if (r.statusCode() != 200) {
                wrong.add("node " + n + ": " + r.statusCode() + " " + r.body() + " " + describe(client));
                return;
            }
            if (retrying) {
                retried.incrementAndGet();
                retrying = false;
            }
            client.refreshToken = json(r).path("refresh_token").asText();
            answeredBy.incrementAndGet(n);
            acknowledged.incrementAndGet();
            done++;
        }
    }
}
