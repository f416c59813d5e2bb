package dev.gatehouse.store.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs tasks on many threads released at the same moment, so that they really overlap in the
 * store, and collects what each returned or threw.
 */
final class Concurrently {

    /** How many threads race; more than a small connection pool, so some must wait. */
    static final int THREADS = 16;

    /** A hung store fails the test instead of hanging the build. */
    private static final long TIMEOUT_SECONDS = 60;

    private Concurrently() {
    }

    /** What one task did: its result, or the exception it threw. */
    record Outcome<T>(T result, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** Runs {@code task.apply(i)} for i in 0..THREADS-1, all started together. */
    static <T> List<Outcome<T>> run(IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                outcomes.add(outcome(future));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Outcome<T> outcome(Future<T> future) throws InterruptedException {
        try {
            return new Outcome<>(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a racing task did not finish within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
