package dev.gatehouse.core.revocation;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RevocationNotices} delivered within this process: {@link #announce} calls every
 * listener. On its own it serves the in-memory and the embedded SQLite store, whose log is
 * wrapped by {@link #announcing} so that each append is announced; the shared backends
 * (PostgreSQL, Redis) deliver what their server tells them through one.
 *
 * <p>Listeners are kept in a copy-on-write list: subscriptions are rare, notices frequent, and
 * a notice never waits for a lock.
 */
public final class InProcessRevocationNotices implements RevocationNotices {

    private static final System.Logger LOG = System.getLogger(InProcessRevocationNotices.class.getName());

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Listener listener) {
        // A wrapper of its own per subscription, so that subscribing one listener twice gives two
        // subscriptions, each ended by its own handle.
        Listener subscribed = listener::appended;
        listeners.add(subscribed);
        return () -> listeners.remove(subscribed);
    }

    /** Tells every listener of an append; a listener that throws is logged and skipped. */
    public void announce(long seq) {
        for (Listener listener : listeners) {
            try {
                listener.appended(seq);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a revocation notice listener failed: " + e.getClass().getName());
            }
        }
    }

    /** {@code log}, announcing each append here once it has returned. */
    public RevocationLog announcing(RevocationLog log) {
        return log.whenAppended(entry -> announce(entry.seq()));
    }
}
