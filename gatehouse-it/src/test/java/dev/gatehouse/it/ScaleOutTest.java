package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestNginx;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.store.testkit.TestPostgres;
import dev.gatehouse.store.testkit.TestRedisCluster;
import dev.gatehouse.testsupport.MovableClock;
import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.RevokedTokenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Gatehouse nodes on loopback sharing PostgreSQL (accounts, keys, audit) and a real
 * three-master Redis Cluster (sessions, refresh lineages, revocations), behind nginx round-robin
 * with no stickiness.
 */
class ScaleOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    TestPostgres.Schema schema;
    final List<TestServer> nodes = new ArrayList<>();
    TestNginx nginx;
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        List<String> seeds = TestRedisCluster.require();
        schema = TestPostgres.newSchema();
        Map<String, String> env = Map.of("GATEHOUSE_MASTER_KEY", Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
        String prefix = "ghit-" + Secrets.randomToken(6) + ":";
        for (int i = 0; i < 3; i++) {
            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            settings.put(Setting.STORE_BACKEND, "postgres");
            settings.put(Setting.STORE_POSTGRES_URL, schema.url());
            settings.put(Setting.STORE_POSTGRES_USER, TestPostgres.USER);
            settings.put(Setting.STORE_SESSIONS, "redis");
            settings.put(Setting.STORE_REDIS_URIS, String.join(",", seeds));
            settings.put(Setting.STORE_REDIS_CLUSTER, "on");
            settings.put(Setting.STORE_REDIS_PREFIX, prefix);
            nodes.add(TestServer.startNode(temp.resolve("node" + i), settings, env, clock));
        }
        nodes.getFirst().createAccount("alice", false);
        nginx = TestNginx.start(temp.resolve("nginx"), port -> """
                upstream gatehouse {
                %s
                }
                server {
                    listen 127.0.0.1:%d;
                    location / {
                        proxy_pass http://gatehouse;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_next_upstream error timeout http_502;
                    }
                }
                """.formatted(nodes.stream().map(n -> "    server 127.0.0.1:" + n.port() + ";")
                .collect(Collectors.joining("\n")), port));
    }

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        for (TestServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException alreadyStopped) {
                // a test stopped it
            }
        }
        if (schema != null) {
            schema.close();
        }
    }

    Browser viaNginx() {
        return new Browser(path -> URI.create("http://127.0.0.1:" + nginx.port() + path));
    }

    Browser direct(int node) {
        Browser b = new Browser(nodes.get(node));
        return b;
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    JsonNode tokenLogin(Browser b) throws IOException {
        HttpResponse<String> r = b.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + TestServer.PASSWORD
                + "\",\"transport\":\"token\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static int bearer(Browser b, String path, String token) {
        return b.send(b.request(path).header("Authorization", "Bearer " + token).GET(), false).statusCode();
    }

    @Test
    void a_session_made_through_one_node_works_on_every_node_for_both_transports() throws Exception {
        Browser web = viaNginx();
        assertThat(web.login("alice").statusCode()).isEqualTo(200);
        String access = tokenLogin(viaNginx()).path("access_token").asText();

        for (int i = 0; i < nodes.size(); i++) {
            Browser node = direct(i);
            node.cookies.putAll(web.cookies);
            assertThat(node.get("/v1/verify").statusCode()).as("cookie on node %d", i).isEqualTo(200);
            assertThat(bearer(node, "/v1/verify", access)).as("bearer on node %d", i).isEqualTo(200);
        }
        for (int i = 0; i < 9; i++) {
            assertThat(web.get("/v1/verify").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_refresh_race_across_two_nodes_replays_the_same_token_and_later_reuse_revokes() throws Exception {
        JsonNode login = tokenLogin(direct(0));
        String refresh = login.path("refresh_token").asText();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                Browser node = direct(i % 2);
                answers.add(pool.submit(() -> {
                    go.await();
                    return node.postJson("/v1/refresh", "{\"refresh_token\":\"" + refresh + "\"}");
                }));
            }
            go.countDown();
            List<String> issued = new ArrayList<>();
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                issued.add(json(r).path("refresh_token").asText());
            }
            assertThat(issued).containsOnly(issued.getFirst());
        }

        clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> reuse = direct(2).postJson("/v1/refresh", "{\"refresh_token\":\"" + refresh + "\"}");
        assertThat(json(reuse).path("code").asText()).isEqualTo("invalid_grant");
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(bearer(direct(i), "/v1/verify", login.path("access_token").asText())).isEqualTo(401);
        }
    }

    @Test
    void a_revocation_on_one_node_is_refused_by_every_node_and_by_a_verifier_on_another() throws Exception {
        String secret = "orders-api-secret-0123456789abcdefghij";
        nodes.get(0).gatehouse().clients().create("orders-api", secret, Set.of()); // registered on one node
        try (GatehouseVerifier verifier = GatehouseVerifier.builder().issuer(TestServer.ORIGIN).audience("api")
                .gatehouse(URI.create("http://127.0.0.1:" + nodes.get(2).port())).clock(clock)
                .clientCredentials("orders-api", secret).build()) { // and follows the feed of another
            List<Double> latencies = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
                JsonNode login = tokenLogin(direct(0));
                String access = login.path("access_token").asText();
                assertThat(verifier.verify(access).sessionId()).isEqualTo(login.path("session_id").asText());

                long start = System.nanoTime();
                Browser owner = direct(0);
                HttpResponse<String> revoked = owner.send(owner.request("/oauth2/revoke")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + login.path("refresh_token").asText())), false);
                assertThat(revoked.statusCode()).isEqualTo(200);
                while (true) {
                    try {
                        verifier.verify(access);
                    } catch (RevokedTokenException expected) {
                        break;
                    }
                    assertThat(System.nanoTime() - start).as("revocation reached the verifier").isLessThan(5_000_000_000L);
                    Thread.sleep(1);
                }
                latencies.add((System.nanoTime() - start) / 1e6);
                assertThat(bearer(direct(1), "/v1/verify", access)).isEqualTo(401);
                assertThat(bearer(direct(2), "/v1/verify", access)).isEqualTo(401);
            }
            Collections.sort(latencies);
            System.out.printf("revocation propagation to a verifier on another node: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n",
                    latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1),
                    latencies.getLast(), latencies.size());
        }
    }

    @Test
    void stopping_one_node_under_traffic_signs_nobody_out() throws Exception {
        Browser web = viaNginx();
        web.login("alice");
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        Thread traffic = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 300; i++) {
                statuses.add(web.get("/v1/verify").statusCode());
            }
        });
        while (statuses.size() < 100) {
            Thread.sleep(1);
        }
        nodes.get(1).close();
        assertThat(statuses.size()).as("the node stopped while traffic was running").isLessThan(300);
        traffic.join();
        assertThat(statuses).hasSize(300).containsOnly(200);
    }

    @Test
    void restarting_every_node_keeps_every_session() throws Exception {
        Browser web = viaNginx();
        web.login("alice");
        String access = tokenLogin(viaNginx()).path("access_token").asText();

        for (TestServer node : nodes) {
            node.close();
        }
        for (TestServer node : nodes) {
            node.start();
        }

        for (int i = 0; i < 6; i++) {
            assertThat(web.get("/v1/verify").statusCode()).isEqualTo(200);
            assertThat(bearer(viaNginx(), "/v1/verify", access)).isEqualTo(200);
        }
    }
}
