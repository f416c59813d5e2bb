package dev.gatehouse.server.http;

import dev.gatehouse.server.log.AccessLog;
import dev.gatehouse.server.metrics.RequestTimers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Runs around every routed request: gives it a request id (echoed in {@code X-Request-Id}), and
 * once the response has been sent, whichever handler or error mapping sent it, records its
 * latency by route template and writes its access-log line.
 *
 * <p>The route is the template of the matching route from the table ({@code /v1/sessions/{sid}}),
 * {@code unmatched} for the fallback 404 (whose pattern is empty). Requests the web server refuses before routing (an
 * unparseable request line, a body over the limit) never reach a filter and are not counted.
 */
final class RequestObserver implements Filter {

    static final String UNMATCHED = "unmatched";

    private final RequestTimers timers;
    private final AccessLog accessLog;
    private final ClientAddress clientAddress;
    private final Clock clock;

    /** @param accessLog null when the access log is switched off */
    RequestObserver(RequestTimers timers, AccessLog accessLog, ClientAddress clientAddress, Clock clock) {
        this.timers = timers;
        this.accessLog = accessLog;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.accept(req.headers().first(RequestIds.HEADER).orElse(null));
        res.header(RequestIds.HEADER, id);
        res.whenSent(() -> sent(req, res, id, start));
        chain.proceed();
    }

    private void sent(RoutingRequest req, RoutingResponse res, String id, long start) {
        long nanos = System.nanoTime() - start;
        String route = req.matchingPattern().filter(p -> !p.isEmpty()).orElse(UNMATCHED); // the fallback has ""
        String method = req.prologue().method().text();
        int status = res.status().code();
        timers.record(route, method, status, nanos);
        if (accessLog != null && accessLog.enabled()) {
            accessLog.log(clock.instant().truncatedTo(ChronoUnit.MILLIS), id, method, route, status, nanos, clientAddress.of(req),
                    req.headers().first(HeaderNames.USER_AGENT).orElse(null));
        }
    }
}
