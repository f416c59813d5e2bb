package dev.gatehouse.server.http;

import static dev.gatehouse.server.http.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Liveness and readiness, as an orchestrator probes them. */
class HealthTest {

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    Browser probe;

    @BeforeEach
    void start() {
        probe = new Browser(server);
        probe.fetchSite = null;
    }

    @Test
    void health_and_health_live_say_up() {
        for (String path : new String[] {"/health", "/health/live"}) {
            HttpResponse<String> r = probe.get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"up\"}");
        }
    }

    @Test
    void ready_is_200_with_every_store_check_up_when_the_store_answers() {
        HttpResponse<String> r = probe.get("/health/ready");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r).path("status").asText()).isEqualTo("ready");
        assertThat(r.body()).isEqualTo(
                "{\"status\":\"ready\",\"checks\":{\"accounts\":\"up\",\"sessions\":\"up\",\"revocations\":\"up\",\"keys\":\"up\"}}");
    }

    @Test
    void ready_is_503_naming_the_failed_checks_only_when_the_store_is_gone_while_live_stays_200() {
        server.gatehouse().close(); // closes the store under the running server

        HttpResponse<String> ready = probe.get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ready.body()).isEqualTo("{\"status\":\"not_ready\",\"checks\":{\"accounts\":\"down\","
                + "\"sessions\":\"down\",\"revocations\":\"down\",\"keys\":\"down\"}}");
        assertThat(probe.get("/health/live").statusCode()).isEqualTo(200);
    }
}
