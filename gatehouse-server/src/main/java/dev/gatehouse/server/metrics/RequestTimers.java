package dev.gatehouse.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Latency of HTTP requests as {@code gatehouse.http.requests}, tagged with the route template
 * (never the raw path: ids would make a series per session), the method and the status class.
 *
 * <p>Recording is on every request, {@code /v1/verify} included, so the timers are cached: one
 * map lookup by route, then an array slot per method and status class. Nothing is allocated
 * once a combination has been seen; the registry is only asked the first time.
 */
public final class RequestTimers {

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"};
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    /**
     * Histogram buckets, 0.1 ms to 30 s in 1-2-5 steps: fine enough for p50 and p99 by
     * {@code histogram_quantile}, and 18 series per combination instead of the 80-odd of
     * Micrometer's generic percentile histogram over the same range.
     */
    static final Duration[] BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(200_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicReferenceArray<Timer>> byRoute = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one request.
     *
     * @param route  the route template, such as {@code /v1/sessions/{sid}}; from the route table only
     * @param method the request method
     * @param status the status sent
     * @param nanos  how long it took
     */
    public void record(String route, String method, int status, long nanos) {
        AtomicReferenceArray<Timer> timers = byRoute.get(route);
        if (timers == null) {
            timers = byRoute.computeIfAbsent(route, r -> new AtomicReferenceArray<>(METHODS.length * STATUS_CLASSES.length));
        }
        int m = methodIndex(method);
        int c = status >= 100 && status < 600 ? status / 100 - 1 : STATUS_CLASSES.length - 1;
        int slot = m * STATUS_CLASSES.length + c;
        Timer timer = timers.get(slot);
        if (timer == null) {
            // a race registers the same meter twice; the registry returns the existing one
            timer = Timer.builder("gatehouse.http.requests")
                    .description("HTTP requests, by route template, method and status class")
                    .tags("route", route, "method", METHODS[m], "status", STATUS_CLASSES[c])
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            timers.set(slot, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static int methodIndex(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            default -> 7;
        };
    }
}
