package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this node can serve: each store it needs answers a cheap query (a lookup of an id
 * that does not exist, the last revocation number) within a short time. The checks run at once,
 * each on its own virtual thread, so a hung store costs the timeout once, not once per check.
 *
 * <p>The answer names each check and says {@code up}, {@code down} or {@code timeout}, nothing
 * more: why a store is down (addresses, driver messages) goes to the log, by exception type only.
 */
public final class Readiness {

    private static final System.Logger LOG = System.getLogger(Readiness.class.getName());
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("gatehouse-readiness").start(task);
    private static final String PROBE_ID = "readiness-probe";

    private final Map<String, Runnable> checks = new LinkedHashMap<>();
    private final Duration timeout;

    Readiness(Stores stores, Duration timeout) {
        this.timeout = timeout;
        checks.put("accounts", () -> stores.accounts().findById(PROBE_ID));
        checks.put("sessions", () -> stores.sessions().findById(PROBE_ID));
        checks.put("revocations", () -> stores.revocations().lastSeq());
        checks.put("keys", () -> stores.keys().list());
    }

    /** The outcome: every check, and whether all of them are up. */
    public record Report(boolean ready, Map<String, String> checks) {
    }

    /** Runs every check; returns within about the timeout whatever the stores do. */
    public Report check() {
        Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, CompletableFuture.runAsync(check, VIRTUAL)));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, CompletableFuture<Void>> e : running.entrySet()) {
            String result = await(e.getKey(), e.getValue(), deadline);
            results.put(e.getKey(), result);
            ready &= result.equals("up");
        }
        return new Report(ready, results);
    }

    private static String await(String name, CompletableFuture<Void> check, long deadline) {
        try {
            check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "up";
        } catch (TimeoutException e) {
            check.cancel(true);
            LOG.log(Level.WARNING, "readiness check " + name + " timed out");
            return "timeout";
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "readiness check " + name + " failed: " + e.getCause().getClass().getName());
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }
}
