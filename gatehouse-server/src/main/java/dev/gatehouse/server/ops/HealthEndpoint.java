package dev.gatehouse.server.ops;

import dev.gatehouse.server.Readiness;
import dev.gatehouse.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * Health for orchestrators and load balancers. {@code GET /health} and {@code GET /health/live}:
 * the process is up and serving (restart it if not). {@code GET /health/ready}: its stores
 * answer, so it can take traffic (route around it if not); a plain JSON answer either way, 200
 * or 503, naming each check and its state only.
 */
public final class HealthEndpoint {

    public record Health(String status) {
    }

    public record Ready(String status, Map<String, String> checks) {
    }

    private final Readiness readiness;

    public HealthEndpoint(Readiness readiness) {
        this.readiness = readiness;
    }

    public void live(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, new Health("up"));
    }

    public void ready(ServerRequest req, ServerResponse res) {
        Readiness.Report report = readiness.check();
        Json.send(res, report.ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                new Ready(report.ready() ? "ready" : "not_ready", report.checks()));
    }
}
