package dev.gatehouse.core.password;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>The pool is shared fairly between clients: hashes asked for on behalf of one client (a
 * {@link dev.gatehouse.core.throttle.ClientKey}: an IPv4 address or an IPv6 /64) may hold at most
 * a quarter of its places ({@code threads + queueSize}, at least one), running or waiting. Past its
 * share a client is refused as busy, so a flood from one source cannot fill the pool and fail
 * every other sign-in: the other three quarters stay for everyone else. Hashes not made for a
 * client (an administrator's reset, the command line) count only against the pool as a whole.
 * Clients are tracked only while they have a hash in the pool, so the bookkeeping stays as small
 * as the pool.
 *
 * <p>The threads run at the lowest CPU priority ({@link LowCpuPriority}): hashing uses idle cores,
 * and request handling comes first when both want them.
 */
public final class PasswordHashing implements AutoCloseable {

    private final Argon2idHasher hasher;
    private final ThreadPoolExecutor pool;
    private final LongAdder rejections = new LongAdder();
    private final int share;
    /** Hashes in the pool (waiting or running) per client; a client without any has no entry. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    public PasswordHashing(Argon2idHasher hasher, int threads, int queueSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("hashing threads must be at least 1, got " + threads);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("hashing queue must be 0 or more, got " + queueSize);
        }
        this.hasher = hasher;
        this.share = Math.max(1, (threads + queueSize) / 4);
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

    /** Hashes a password at the configured cost, for no client in particular. */
    public String hash(String password) {
        return hash(password, null);
    }

    /**
     * Hashes a password at the configured cost, within the share of {@code client}.
     *
     * @param client the client's {@link dev.gatehouse.core.throttle.ClientKey}, or null for none
     */
    public String hash(String password, String client) {
        return run(client, () -> hasher.hash(PasswordPolicy.normalize(password)));
    }

    /** Verifies a password against a PHC string, for no client in particular. */
    public boolean verify(String password, String phc) {
        return verify(password, phc, null);
    }

    /**
     * Verifies a password against a PHC string, within the share of {@code client}.
     *
     * @param client the client's {@link dev.gatehouse.core.throttle.ClientKey}, or null for none
     */
    public boolean verify(String password, String phc, String client) {
        return run(client, () -> hasher.verify(PasswordPolicy.normalize(password), phc));
    }

    /** The most hashes one client may have in the pool, waiting or running. */
    public int share() {
        return share;
    }

    /** Hashes waiting for a thread right now. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Hashes refused because the pool or the client's share of it was full, since start. */
    public long rejections() {
        return rejections.sum();
    }

    private <T> T run(String client, Callable<T> work) {
        if (client != null && !claim(client)) {
            throw busy();
        }
        // The place is given back before the result is handed over (so a client's next hash finds
        // it free), or, for a task cancelled while waiting, when it is cancelled; once either way.
        AtomicBoolean released = new AtomicBoolean();
        Runnable releaseOnce = () -> {
            if (released.compareAndSet(false, true)) {
                release(client);
            }
        };
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return work.call();
            } finally {
                releaseOnce.run();
            }
        }) {
            @Override
            protected void done() {
                releaseOnce.run();
            }
        };
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            releaseOnce.run();
            throw busy();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    private BusyException busy() {
        rejections.increment();
        return new BusyException(ErrorCode.BUSY, "too many sign-ins at once; try again shortly", Duration.ofSeconds(1));
    }

    /** Takes a place in the client's share, if one is left. */
    private boolean claim(String client) {
        boolean[] claimed = {false};
        held.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= share) {
                return n;
            }
            claimed[0] = true;
            return now + 1;
        });
        return claimed[0];
    }

    private void release(String client) {
        if (client != null) {
            held.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
