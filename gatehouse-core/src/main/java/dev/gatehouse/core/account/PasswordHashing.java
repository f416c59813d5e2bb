package dev.gatehouse.core.account;

import dev.gatehouse.core.error.BusyException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs password hashes on a fixed pool of platform threads with a bounded queue.
 *
 * <p>Request handling runs on virtual threads, of which there can be millions; a hash needs
 * tens of megabytes and tens of milliseconds of a core. Without a bound, a login flood would
 * start thousands of hashes at once, exhaust memory and starve every other request. Here at
 * most {@code threads} hashes run and at most {@code queueSize} wait; anything beyond is refused
 * at once with a {@link BusyException}, which the HTTP layer answers with 503 and
 * {@code Retry-After}.
 *
 * <p>The threads run at the lowest CPU priority ({@link LowCpuPriority}): hashing uses idle cores,
 * and request handling comes first when both want them.
 */
public final class PasswordHashing implements AutoCloseable {

    private final Argon2idHasher hasher;
    private final ThreadPoolExecutor pool;
    private final LongAdder rejections = new LongAdder();

    public PasswordHashing(Argon2idHasher hasher, int threads, int queueSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("hashing threads must be at least 1, got " + threads);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("hashing queue must be 0 or more, got " + queueSize);
        }
        this.hasher = hasher;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize),
                r -> {
                    Thread t = new Thread(() -> {
                        LowCpuPriority.lowerCallingThread();
                        r.run();
                    }, "gatehouse-hash-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    public Argon2idHasher hasher() {
        return hasher;
    }

    /** Hashes a password at the configured cost. */
    public String hash(String password) {
        return run(() -> hasher.hash(PasswordPolicy.normalize(password)));
    }

    /** Verifies a password against a PHC string. */
    public boolean verify(String password, String phc) {
        return run(() -> hasher.verify(PasswordPolicy.normalize(password), phc));
    }

    /** Hashes waiting for a thread right now. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Hashes refused because the pool was full, since start. */
    public long rejections() {
        return rejections.sum();
    }

    private <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            rejections.increment();
            throw new BusyException("busy", "too many sign-ins at once; try again shortly", Duration.ofSeconds(1));
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
