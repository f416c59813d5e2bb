package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics}: what an operator's Prometheus sees after some traffic. */
class MetricsTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser browser;

    @BeforeEach
    void start() {
        server.createAccount("alice", false);
        server.createAccount("bob", false);
        browser = new Browser(server);
    }

    String scrape() {
        HttpResponse<String> r = browser.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    /** The value of the sample with exactly this name and these labels. */
    static double sample(String scrape, String series) {
        return Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith(series + " "))
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + scrape));
    }

    @Test
    void request_latency_is_a_histogram_per_route_template_method_and_status_class_without_raw_ids() {
        String sid = json(browser.login("alice")).path("session_id").asText();
        String token = browser.cookies.get("__Host-gatehouse");
        for (int i = 0; i < 3; i++) {
            browser.get("/v1/verify");
        }
        browser.delete("/v1/sessions/" + sid);

        String metrics = scrape();

        assertThat(sample(metrics,
                "gatehouse_http_requests_seconds_count{method=\"GET\",route=\"/v1/verify\",status=\"2xx\"}"))
                .isEqualTo(3);
        assertThat(sample(metrics,
                "gatehouse_http_requests_seconds_count{method=\"DELETE\",route=\"/v1/sessions/{sid}\",status=\"2xx\"}"))
                .isEqualTo(1);
        assertThat(metrics).contains("gatehouse_http_requests_seconds_bucket{method=\"GET\",route=\"/v1/verify\","
                + "status=\"2xx\",le=\"0.001\"}");
        assertThat(sample(metrics, "gatehouse_http_requests_seconds_bucket{method=\"GET\",route=\"/v1/verify\","
                + "status=\"2xx\",le=\"+Inf\"}")).isEqualTo(3);
        assertThat(metrics).doesNotContain(sid).doesNotContain(token);
    }

    @Test
    void store_calls_revocations_hashing_and_the_jvm_are_measured() {
        String sid = json(browser.login("alice")).path("session_id").asText();
        browser.get("/v1/verify");
        browser.delete("/v1/sessions/" + sid);

        String metrics = scrape();

        assertThat(sample(metrics,
                "gatehouse_store_operations_seconds_count{operation=\"findByTokenHash\",port=\"sessions\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics, "gatehouse_store_operations_seconds_count{operation=\"create\",port=\"sessions\"}"))
                .isEqualTo(1);
        // the OpenID provider's ports are timed too (a series from the start, whether called or not)
        for (String portAndOperation : new String[] {"create\",port=\"grants", "put\",port=\"consents",
                "redeem\",port=\"device_grants", "claim\",port=\"logout_deliveries"}) {
            assertThat(sample(metrics, "gatehouse_store_operations_seconds_count{operation=\"" + portAndOperation
                    + "\"}")).isGreaterThanOrEqualTo(0);
        }
        assertThat(sample(metrics, "gatehouse_revocations_appended_total{kind=\"session\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_revocations_appended_total{kind=\"token\"}")).isZero();
        assertThat(sample(metrics, "gatehouse_password_hashing_queue")).isZero();
        assertThat(sample(metrics, "gatehouse_password_hashing_rejections_total")).isZero();
        assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ",
                "jvm_gc_memory_allocated_bytes_total ", "process_uptime_seconds ");
    }

    @Test
    void sign_in_outcomes_are_counted_one_by_one() {
        browser.login("alice");
        browser.login("alice");
        browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong " + TestServer.PASSWORD + "\"}");
        server.gatehouse().accounts().lock("bob");
        new Browser(server).login("bob");

        String metrics = scrape();

        assertThat(sample(metrics, "gatehouse_sign_ins_total{outcome=\"success\"}")).isEqualTo(2);
        assertThat(sample(metrics, "gatehouse_sign_ins_total{outcome=\"invalid_credentials\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_sign_ins_total{outcome=\"account_locked\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_sign_ins_total{outcome=\"busy\"}")).isZero();
    }

    @Test
    void refreshes_are_counted_by_outcome_and_reuse_is_counted_on_its_own() {
        browser.fetchSite = null;
        browser.origin = null;
        HttpResponse<String> login = browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\""
                + TestServer.PASSWORD + "\",\"transport\":\"token\"}");
        String first = json(login).path("refresh_token").asText();
        refresh(first); // rotated
        refresh(first); // inside the grace window: the same answer again
        server.clock.advance(Duration.ofSeconds(11));
        refresh(first); // after the window: reuse, the session ends
        refresh("A".repeat(43)); // never issued

        String metrics = scrape();

        assertThat(sample(metrics, "gatehouse_refreshes_total{outcome=\"rotated\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_refreshes_total{outcome=\"grace_replay\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_refreshes_total{outcome=\"reuse\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_refreshes_total{outcome=\"invalid\"}")).isEqualTo(1);
        assertThat(sample(metrics, "gatehouse_refresh_reuse_detected_total")).isEqualTo(1);
        // the OpenID provider's ports are timed too (a series from the start, whether called or not)
        for (String portAndOperation : new String[] {"create\",port=\"grants", "put\",port=\"consents",
                "redeem\",port=\"device_grants", "claim\",port=\"logout_deliveries"}) {
            assertThat(sample(metrics, "gatehouse_store_operations_seconds_count{operation=\"" + portAndOperation
                    + "\"}")).isGreaterThanOrEqualTo(0);
        }
        assertThat(sample(metrics, "gatehouse_revocations_appended_total{kind=\"session\"}")).isEqualTo(1);
    }

    @Test
    void the_active_session_gauge_counts_live_sessions_of_every_account() {
        browser.login("alice");
        new Browser(server).login("alice");
        new Browser(server).login("bob");
        var bobLogin = json(new Browser(server).login("bob"));
        server.gatehouse().sessions().revoke(bobLogin.path("account").path("id").asText(),
                bobLogin.path("session_id").asText(), dev.gatehouse.core.session.RevokeReason.SIGN_OUT);

        server.gatehouse().activeSessions().count(); // what the server does every 30 seconds

        assertThat(sample(scrape(), "gatehouse_sessions_active")).isEqualTo(3);
    }

    private void refresh(String token) {
        browser.postJson("/v1/refresh", "{\"refresh_token\":\"" + token + "\"}");
    }
}
