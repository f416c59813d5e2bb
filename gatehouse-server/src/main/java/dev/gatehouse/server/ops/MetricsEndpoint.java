package dev.gatehouse.server.ops;

import dev.gatehouse.server.metrics.GatehouseMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter of this instance in the Prometheus text format. Counts and
 * latencies only, nothing about any user; still, expose it to the scraper's network only (see
 * docs/operations.md).
 */
public final class MetricsEndpoint implements Handler {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final GatehouseMetrics metrics;

    public MetricsEndpoint(GatehouseMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
