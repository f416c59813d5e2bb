package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this node can serve: each store it needs answers a cheap query (a lookup of an id
 * that does not exist, the last revocation number) within a short time. The checks run at once,
 * each on its own virtual thread, so a hung store costs the timeout once, not once per check.
 *
 * <p>The sessions check asks every server that holds sessions ({@link
 * dev.gatehouse.core.session.SessionStore#checkReachable()}): with one master of a Redis Cluster
 * down, the node is not ready, whichever master is down. A share of its users (those whose keys
 * hash to that master) get 503 on every request, and so may every sign-in; a node in that state is
 * not fit to serve, and readiness is what alerting and rolling deploys read. The price: every node
 * sharing the cluster says so at once, so an orchestrator that removes every not-ready node sends
 * nobody to the masters still up. Redis itself makes the same choice by default
 * ({@code cluster-require-full-coverage yes} refuses every key once a master is marked failed).
 *
 * <p>Probes do not pile up on a slow store. Callers that ask while a round of checks is running
 * wait for that round and share its report. A check still running from an earlier round (a
 * store that hangs past its timeout, interrupted but not answering) is not started again: it is
 * reported as {@code timeout} until its thread ends, so however often an orchestrator probes,
 * each store has at most one readiness query in flight.
 *
 * <p>The answer names each check and says {@code up}, {@code down} or {@code timeout}, nothing
 * more: why a store is down (addresses, driver messages) goes to the log, by exception type only.
 */
public final class Readiness {

    private static final System.Logger LOG = System.getLogger(Readiness.class.getName());
    private static final String PROBE_ID = "readiness-probe";

    /** One store's check and the thread of its latest run. */
    private static final class Check {
        final String name;
        final Runnable query;
        volatile Thread thread;

        Check(String name, Runnable query) {
            this.name = name;
            this.query = query;
        }

        /** Starts a run, or returns null while the previous one is still stuck in the store. */
        FutureTask<Void> start() {
            Thread previous = thread;
            if (previous != null && previous.isAlive()) {
                return null;
            }
            FutureTask<Void> run = new FutureTask<>(query, null);
            thread = Thread.ofVirtual().name("gatehouse-readiness-" + name).start(run);
            return run;
        }
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Duration timeout;
    private CompletableFuture<Report> round; // guarded by this; the round in progress, if any

    Readiness(Stores stores, Duration timeout) {
        this.timeout = timeout;
        add("accounts", () -> stores.accounts().findById(PROBE_ID));
        add("sessions", () -> stores.sessions().checkReachable());
        add("revocations", () -> stores.revocations().lastSeq());
        add("keys", () -> stores.keys().list());
    }

    private void add(String name, Runnable query) {
        checks.put(name, new Check(name, query));
    }

    /** The outcome: every check, and whether all of them are up. */
    public record Report(boolean ready, Map<String, String> checks) {
    }

    /**
     * Runs every check, or joins the round already running; returns within about the timeout
     * whatever the stores do.
     */
    public Report check() {
        CompletableFuture<Report> shared;
        boolean mine = false;
        synchronized (this) {
            if (round == null) {
                round = new CompletableFuture<>();
                mine = true;
            }
            shared = round;
        }
        if (mine) {
            Report report = runRound();
            synchronized (this) {
                round = null;
            }
            shared.complete(report);
            return report;
        }
        return shared.join();
    }

    private Report runRound() {
        Map<String, FutureTask<Void>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, check.start()));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, FutureTask<Void>> e : running.entrySet()) {
            String result = e.getValue() == null ? stillRunning(e.getKey()) : await(e.getKey(), e.getValue(), deadline);
            results.put(e.getKey(), result);
            ready &= result.equals("up");
        }
        return new Report(ready, Collections.unmodifiableMap(results));
    }

    private static String stillRunning(String name) {
        LOG.log(Level.DEBUG, "readiness check " + name + " is still running from an earlier probe");
        return "timeout";
    }

    private static String await(String name, FutureTask<Void> check, long deadline) {
        try {
            check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "up";
        } catch (TimeoutException e) {
            check.cancel(true); // interrupts the query; a store that ignores it keeps the thread until it answers
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
