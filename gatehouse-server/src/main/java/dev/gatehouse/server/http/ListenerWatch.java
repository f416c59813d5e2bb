package dev.gatehouse.server.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices when the listener no longer accepts connections although nobody closed the server.
 *
 * <p>The web server's accept loop (Helidon 4's {@code ServerListener.listen}) takes any failure of
 * {@code accept()} other than the close at shutdown for the end of the listener: it logs "this
 * server socket is terminating now", closes the server socket and stops accepting for good, while
 * the process, and the web server's own idea of whether it is running, carry on. Running out of
 * file descriptors ({@code EMFILE}, "Too many open files") is such a failure. The connection cap
 * makes that unlikely, not impossible: the stores and the JVM open descriptors too. So the port is
 * checked the way a client sees it: a refused connection means nothing listens there any more, and
 * the process had better end so that its supervisor starts a new one. A probe that fails otherwise
 * (this process out of descriptors itself, a full backlog) tells nothing and is tried again.
 */
final class ListenerWatch implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final InetSocketAddress address;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final ScheduledExecutorService checker;

    /** Checks {@code host:port} every {@code period}; a wildcard host is checked on the loopback address. */
    ListenerWatch(String host, int port, Duration period) {
        this.address = new InetSocketAddress(probeAddress(host), port);
        checker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("listener-watch").factory());
        checker.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes once the listener has been found gone. */
    CompletableFuture<Void> lost() {
        return lost;
    }

    private void check() {
        try (Socket probe = new Socket()) {
            probe.connect(address, (int) CONNECT_TIMEOUT.toMillis());
        } catch (ConnectException refused) {
            checker.shutdown();
            lost.complete(null);
        } catch (IOException | RuntimeException cannotTell) {
            // not a verdict: try again at the next check
        }
    }

    private static InetAddress probeAddress(String host) {
        try {
            InetAddress bound = InetAddress.getByName(host);
            return bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + host + ", where the server listens", e);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
