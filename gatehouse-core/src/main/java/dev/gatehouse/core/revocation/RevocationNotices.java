package dev.gatehouse.core.revocation;

/**
 * Storage port: notices that the revocation log was appended to, by any node sharing the store.
 * Followers of the log (the revocation feed) subscribe so that they read new entries at once
 * instead of at their next poll.
 *
 * <p>The contract, which every backend meets and {@code RevocationNoticesContract} checks:
 * <ul>
 *   <li>An append through the {@link RevocationLog} of these stores, or of any other stores on the
 *       same shared backend (PostgreSQL schema, Redis key prefix), is noticed by every
 *       subscription open when the append returned. On the in-memory and the embedded store,
 *       only appends made in this process are noticed.</li>
 *   <li>A notice is a wake-up, not the data: it may be lost (a dropped connection, an append by
 *       another process on the same SQLite file) or arrive twice. So a follower still reads the
 *       log by sequence number, and still polls it now and then.</li>
 *   <li>A notice carries the sequence number of the appended entry where the backend tells it
 *       (all of them do today), {@link #UNKNOWN_SEQ} otherwise; either way it is a reason to read.</li>
 *   <li>Any number of listeners may subscribe; each is called once per notice until its
 *       subscription is closed, on a thread of the backend's choosing (the appending thread, a
 *       driver thread): keep it short, wake something up. A listener that throws is logged and
 *       does not stop the others.</li>
 * </ul>
 */
public interface RevocationNotices {

    /** The sequence number a notice carries when the backend does not tell it. */
    long UNKNOWN_SEQ = 0;

    /**
     * Calls {@code listener} on every notice from now on, until the returned subscription is
     * closed. Once this returns, appends are noticed (where the backend can be reached: if it
     * cannot, the subscription still stands and notices resume when it comes back).
     */
    Subscription subscribe(Listener listener);

    /** Hears of appends. */
    @FunctionalInterface
    interface Listener {
        /** An entry was appended; {@code seq} is its sequence number, or {@link #UNKNOWN_SEQ}. */
        void appended(long seq);
    }

    /** One listener's subscription. */
    interface Subscription extends AutoCloseable {
        /** Ends it: notices from after this returns do not reach the listener. Closing again does nothing. */
        @Override
        void close();
    }
}
