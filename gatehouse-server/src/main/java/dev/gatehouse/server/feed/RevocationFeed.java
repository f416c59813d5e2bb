package dev.gatehouse.server.feed;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationNotices;
import dev.gatehouse.core.revocation.Revocations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The revocation log as this node's stream followers see it: one reader per node reads the
 * store, and every follower is served from what it read.
 *
 * <p>The reader (one virtual thread) reads the entries after the highest sequence number it has
 * seen, at once when the store gives notice of an append by this node or another
 * ({@link RevocationNotices}), and in any case every {@value #POLL_MILLIS} ms, should a notice be
 * lost. It keeps the newest {@value #WINDOW} entries in memory ({@link RecentRevocations})
 * and wakes the followers, which take what is new to them from there. So a node reads the store
 * about five times a second however many verifiers follow it; before, each follower read it on
 * every wake-up and every poll. Only a follower resuming from before the window (a verifier back
 * after a long gap, or many revocations in a burst) reads the store itself, until it reaches the
 * window.
 *
 * <p>Hazard: a store failure stops the reader until the next poll, not for good; followers simply
 * get nothing new (and their keep-alives) meanwhile, as they would from a store that is down.
 */
public final class RevocationFeed implements AutoCloseable {

    static final long POLL_MILLIS = 200;
    static final int WINDOW = 10_000;
    private static final int BATCH = 1000;
    private static final System.Logger LOG = System.getLogger(RevocationFeed.class.getName());

    private final Revocations revocations;
    private final RevocationNotices.Subscription notices;
    private final ReentrantLock lock = new ReentrantLock();
    /** The reader waits here for a signal or the poll. */
    private final Condition wake = lock.newCondition();
    /** Followers wait here for the reader to bring something new. */
    private final Condition arrived = lock.newCondition();
    private final RecentRevocations window; // guarded by lock
    private boolean signalled = true; // guarded by lock; the first read is due at once
    private boolean ready; // guarded by lock; the window has started at the log's end
    private volatile boolean closed;

    /** Subscribes to {@code notices} and starts the reader; {@link #close()} ends both. */
    public RevocationFeed(Revocations revocations, RevocationNotices notices) {
        this(revocations, notices, WINDOW);
    }

    RevocationFeed(Revocations revocations, RevocationNotices notices, int window) {
        this.revocations = revocations;
        this.window = new RecentRevocations(window);
        this.notices = notices.subscribe(seq -> signal());
        Thread.ofVirtual().name("gatehouse-revocation-reader").start(this::readUntilClosed);
    }

    /** Wakes the reader: something may have been appended. */
    private void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void readUntilClosed() {
        boolean failing = false;
        while (!closed) {
            lock.lock();
            try {
                if (!signalled && !closed) {
                    wake.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
                signalled = false; // a signal from here on makes the next round read again
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                readNew();
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) { // once per outage, not five times a second
                    LOG.log(Level.WARNING, "reading the revocation log failed, retrying every " + POLL_MILLIS
                            + " ms: " + e.getClass().getName());
                }
                failing = true;
            }
        }
    }

    /** Reads what is new in the store into the window and wakes the followers. */
    private void readNew() {
        if (!isReady()) {
            long last = revocations.lastSeq();
            lock.lock();
            try {
                window.startAt(last);
                ready = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
        List<Revocation> entries;
        do {
            long highest = highest(); // only this thread moves it
            entries = revocations.after(highest, BATCH);
            if (!entries.isEmpty()) {
                lock.lock();
                try {
                    window.addAll(entries);
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } while (entries.size() == BATCH && !closed);
    }

    /**
     * Entries after {@code seq}, waiting up to {@code max} for the first one; empty when none
     * arrived in time or the feed is closing. Served from the window; read from the store only
     * when {@code seq} is older than the window.
     */
    public List<Revocation> awaitAfter(long seq, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (!closed) {
                if (ready) {
                    long floor = window.floor();
                    if (seq < floor) {
                        List<Revocation> older = readStoreUnlocked(seq);
                        if (!older.isEmpty()) {
                            return older;
                        }
                        seq = floor; // nothing stored between: what was there has been forgotten
                    }
                    List<Revocation> recent = window.after(seq, BATCH);
                    if (!recent.isEmpty()) {
                        return recent;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                arrived.awaitNanos(left);
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** Reads the store without holding the lock (the caller holds it once), so others are not held up. */
    private List<Revocation> readStoreUnlocked(long seq) {
        lock.unlock();
        try {
            return revocations.after(seq, BATCH);
        } finally {
            lock.lock();
        }
    }

    /**
     * The highest sequence number this node has read, where a stream with no position starts;
     * read from the store only before the reader's first read.
     */
    public long lastSeq() {
        lock.lock();
        try {
            if (ready) {
                return window.highest();
            }
        } finally {
            lock.unlock();
        }
        return revocations.lastSeq();
    }

    private boolean isReady() {
        lock.lock();
        try {
            return ready;
        } finally {
            lock.unlock();
        }
    }

    private long highest() {
        lock.lock();
        try {
            return window.highest();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Ends every wait and the reader, so open streams finish and the server can stop. */
    @Override
    public void close() {
        notices.close();
        closed = true;
        lock.lock();
        try {
            wake.signal();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
