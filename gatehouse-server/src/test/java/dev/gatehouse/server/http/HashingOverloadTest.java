package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A login flood is refused with 503 and Retry-After instead of piling up hashes. */
class HashingOverloadTest {

    @TempDir
    Path data;

    @Test
    void logins_beyond_the_hashing_pool_and_its_queue_get_503_with_retry_after() throws Exception {
        // one hashing thread, no queue, and hashes slow enough (tens of ms) that the logins overlap;
        // each login from its own address, so each may take the pool's one place (its share)
        try (TestServer server = TestServer.start(data, Map.of(Setting.PASSWORD_HASHING_THREADS, "1",
                Setting.PASSWORD_HASHING_QUEUE, "0", Setting.PASSWORD_MEMORY_KIB, "65536",
                Setting.PASSWORD_ITERATIONS, "3", Setting.SERVER_TRUSTED_PROXIES, "127.0.0.1"))) {
            server.createAccount("alice", false);
            int logins = 8;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(logins)) {
                for (int i = 0; i < logins; i++) {
                    String address = "203.0.113." + (i + 1);
                    answers.add(pool.submit(() -> {
                        go.await();
                        Browser browser = new Browser(server);
                        return browser.send(browser.request("/v1/login").header("X-Forwarded-For", address)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\""
                                        + TestServer.PASSWORD + "\"}")), true);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> r = answer.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 503) {
                        assertThat(code(r)).isEqualTo("busy");
                        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    }
                }
                assertThat(statuses).contains(200, 503).containsOnly(200, 503);
            }
            assertThat(server.gatehouse().hashing().rejections()).isPositive();
            assertThat(server.gatehouse().metrics().registry().get("gatehouse.sign.ins").tag("outcome", "busy")
                    .counter().count()).isPositive();
        }
    }

    @Test
    void a_flood_from_one_address_is_refused_as_busy_while_a_sign_in_from_another_address_gets_its_hash() throws Exception {
        // one hashing thread and four waiting places, of which one address may hold a quarter: one
        try (TestServer server = TestServer.start(data, Map.of(Setting.PASSWORD_HASHING_THREADS, "1",
                Setting.PASSWORD_HASHING_QUEUE, "4", Setting.PASSWORD_MEMORY_KIB, "65536",
                Setting.PASSWORD_ITERATIONS, "3", Setting.SERVER_TRUSTED_PROXIES, "127.0.0.1",
                Setting.PASSWORD_ADDRESS_MAX_FAILURES, "0"))) { // the pool's fairness alone, not the throttle
            server.createAccount("alice", false);
            int flooders = 16;
            AtomicBoolean flooding = new AtomicBoolean(true);
            List<Future<List<Integer>>> floods = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(flooders)) {
                for (int i = 0; i < flooders; i++) {
                    int thread = i;
                    floods.add(pool.submit(() -> {
                        List<Integer> statuses = new ArrayList<>();
                        for (int n = 0; flooding.get(); n++) {
                            // a new name every time: no per-account limit comes into play
                            statuses.add(login(server, "203.0.113.66", "flood-" + thread + "-" + n, "guess").statusCode());
                        }
                        return statuses;
                    }));
                }
                while (server.gatehouse().hashing().rejections() < 20) {
                    Thread.sleep(5); // the flood holds its share and is being refused
                }

                HttpResponse<String> alice = login(server, "198.51.100.7", "alice", TestServer.PASSWORD);
                flooding.set(false);

                assertThat(alice.statusCode()).as("the sign-in from another address").isEqualTo(200);
                List<Integer> floodStatuses = new ArrayList<>();
                for (Future<List<Integer>> flood : floods) {
                    floodStatuses.addAll(flood.get());
                }
                assertThat(floodStatuses).contains(503).containsOnly(401, 503);
            }
        }
    }

    private static HttpResponse<String> login(TestServer server, String from, String username, String password) {
        Browser b = new Browser(server);
        return b.send(b.request("/v1/login").header("Content-Type", "application/json").header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")), true);
    }
}
