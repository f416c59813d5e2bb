package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A login flood is refused with 503 and Retry-After instead of piling up hashes. */
class HashingOverloadTest {

    @TempDir
    Path data;

    @Test
    void logins_beyond_the_hashing_pool_and_its_queue_get_503_with_retry_after() throws Exception {
        // one hashing thread, no queue, and hashes slow enough (tens of ms) that the logins overlap
        try (TestServer server = TestServer.start(data, Map.of(Setting.PASSWORD_HASHING_THREADS, "1",
                Setting.PASSWORD_HASHING_QUEUE, "0", Setting.PASSWORD_MEMORY_KIB, "65536",
                Setting.PASSWORD_ITERATIONS, "3"))) {
            server.createAccount("alice", false);
            int logins = 8;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(logins)) {
                for (int i = 0; i < logins; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return new Browser(server).login("alice");
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
}
