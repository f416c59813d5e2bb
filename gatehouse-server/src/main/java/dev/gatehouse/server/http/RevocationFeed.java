package dev.gatehouse.server.http;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.Revocations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the followers of the revocation stream as soon as an entry is appended: at once when
 * this node appends it or the store announces another node's append (Redis, PostgreSQL), and in
 * any case by re-reading the log at least every {@value #POLL_MILLIS} ms, should a notice be lost.
 */
public final class RevocationFeed implements AutoCloseable {

    static final long POLL_MILLIS = 200;
    private static final int BATCH = 1000;

    private final Revocations revocations;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private long generation;
    private volatile boolean closed;

    public RevocationFeed(Revocations revocations) {
        this.revocations = revocations;
        revocations.onAppend(this::signal);
    }

    /** Wakes every follower: something may have been appended. */
    public void signal() {
        lock.lock();
        try {
            generation++;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Entries after {@code seq}, waiting up to {@code max} for the first one; empty when none
     * arrived in time or the feed is closing.
     */
    public List<Revocation> awaitAfter(long seq, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!closed) {
            long seen;
            lock.lock();
            try {
                seen = generation;
            } finally {
                lock.unlock();
            }
            List<Revocation> entries = revocations.after(seq, BATCH);
            if (!entries.isEmpty()) {
                return entries;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            lock.lock();
            try {
                if (generation == seen && !closed) {
                    appended.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
        return List.of();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Ends every wait, so open streams finish and the server can stop. */
    @Override
    public void close() {
        closed = true;
        signal();
    }
}
