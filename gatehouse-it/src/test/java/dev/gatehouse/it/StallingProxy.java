package dev.gatehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free port of 127.0.0.1 that forwards to one target, and that the test can
 * {@linkplain #stall() stall}: from then on no byte passes in either direction, yet every socket
 * stays open, as on a network path that silently drops packets (a partition, a dead NAT entry, a
 * frozen peer). New connections are still accepted while stalled, and get nothing through either.
 * {@link #resume()} lets the held bytes and everything after them pass again;
 * {@link #dropConnections()} closes every connection, as a peer or a firewall finally does.
 *
 * <p>Each connection has two virtual threads, one per direction; a thread that has read bytes
 * while the path is stalled holds them until it resumes.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean stalled; // guarded by gate
    private volatile boolean closed;

    private StallingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("stalling-proxy-accept").start(this::acceptUntilClosed);
    }

    /** A proxy to {@code port} on 127.0.0.1, forwarding from the start. */
    static StallingProxy to(int port) throws IOException {
        return new StallingProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding, in both directions, keeping every connection open. */
    void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Forwards again, the held bytes first. */
    void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Closes every connection, both sides of it; the proxy still accepts new ones. */
    void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        dropConnections();
        resume();
    }

    private void acceptUntilClosed() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            Thread.ofVirtual().name("stalling-proxy-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        sockets.add(server);
        try {
            waitWhileStalled(); // a stalled path does not carry the connection's first bytes either
            server.connect(target, 2000);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        Thread.ofVirtual().name("stalling-proxy-up").start(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                waitWhileStalled();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended (or was dropped): end the other side too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void waitWhileStalled() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing is all that was wanted
        }
    }
}
