package dev.gatehouse.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a client whose header section does not arrive within the read timeout of its request
 * line (one header line a minute would otherwise hold a connection for ever).
 *
 * <p>The web server reports to this listener, on the connection's own thread, when it has read a
 * request line and when it has read the headers that follow. A sweep interrupts the thread of a
 * connection still between the two past its deadline: interrupting a thread blocked in a socket
 * read closes the socket, which is how the web server itself closes connections. No answer is
 * sent; there is no request yet to answer. The request line is bounded by the idle timeout, the
 * body by {@link Bodies}.
 */
final class HeaderDeadlines implements Http1ConnectionListener, AutoCloseable {

    private final long timeoutNanos;
    private final Map<ConnectionContext, Reading> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    HeaderDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long periodMillis = Math.clamp(timeout.toMillis() / 4, 10, 1000);
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("header-deadlines").factory());
        sweeper.scheduleAtFixedRate(this::cutOverdue, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A connection reading a header section; the thread is the one the web server reads it on. */
    private static final class Reading {
        private final Thread thread = Thread.currentThread();
        private final long deadline;
        private boolean done;
        private boolean cut;

        Reading(long deadline) {
            this.deadline = deadline;
        }

        /** Interrupts the reading thread if it is late; never once the headers have been read. */
        synchronized boolean cutIfOverdue(long now) {
            if (!done && now - deadline > 0) {
                cut = true;
                thread.interrupt();
            }
            return cut || done;
        }

        /** Whether the headers arrived in time (false if the sweep cut the connection first). */
        synchronized boolean finish() {
            done = true;
            return !cut;
        }
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(ctx, new Reading(System.nanoTime() + timeoutNanos));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Reading r = reading.remove(ctx);
        if (r != null && !r.finish()) {
            Thread.interrupted(); // the sweep's interrupt must not reach the request's own I/O
            throw new CloseConnectionException("request headers not received within " + Duration.ofNanos(timeoutNanos));
        }
    }

    private void cutOverdue() {
        long now = System.nanoTime();
        reading.values().removeIf(r -> r.cutIfOverdue(now));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
