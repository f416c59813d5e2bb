package dev.gatehouse.verifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Gatehouse's verifier-facing endpoints on the JDK's HTTP server, for tests that
 * need to control them exactly: the JWKS (its body, Cache-Control, failure, request count) and
 * the revocation log with its event stream.
 */
final class FakeIssuer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> entries = new ArrayList<>();
    private final List<String> feedRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger jwksRequests = new AtomicInteger();
    volatile String jwks;
    volatile String cacheControl = "public, max-age=300";
    volatile boolean jwksFails;
    volatile boolean feedFails;

    FakeIssuer(String jwks) throws IOException {
        this.jwks = jwks;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/.well-known/jwks.json", this::jwks);
        server.createContext("/v1/revocations", this::revocations);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    GatehouseVerifier.Builder verifier(MovableClock clock) {
        return GatehouseVerifier.builder().issuer(TestKeys.ISSUER).audience(TestKeys.AUDIENCE).gatehouse(base())
                .clock(clock);
    }

    /** Appends a revocation entry; followers get it on the stream. */
    synchronized void revoke(String kind, String id, Instant revokedAt, Instant forgetAfter) {
        entries.add("{\"seq\":" + (entries.size() + 1) + ",\"kind\":\"" + kind + "\",\"id\":\"" + id
                + "\",\"revoked_at\":\"" + revokedAt + "\",\"forget_after\":\"" + forgetAfter + "\"}");
        notifyAll();
    }

    private void jwks(HttpExchange ex) throws IOException {
        jwksRequests.incrementAndGet();
        if (jwksFails) {
            send(ex, 503, "{}");
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", cacheControl);
        send(ex, 200, jwks);
    }

    /** Every feed request so far, as its path, a space, and its Authorization header (or null). */
    List<String> feedRequests() {
        return List.copyOf(feedRequests);
    }

    private void revocations(HttpExchange ex) throws IOException {
        feedRequests.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
        if (feedFails) {
            send(ex, 503, "{}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.endsWith("/stream")) {
            stream(ex);
            return;
        }
        String query = ex.getRequestURI().getQuery();
        long after = query == null ? 0 : Long.parseLong(query.replaceAll(".*after=(\\d+).*", "$1"));
        StringBuilder body = new StringBuilder("{\"entries\":[");
        long next = after;
        synchronized (this) {
            for (int i = (int) after; i < entries.size(); i++) {
                body.append(i > after ? "," : "").append(entries.get(i));
                next = i + 1;
            }
        }
        send(ex, 200, body.append("],\"next\":").append(next).append('}').toString());
    }

    private void stream(HttpExchange ex) throws IOException {
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        int sent = last == null ? entries.size() : Integer.parseInt(last);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!feedFails) {
                StringBuilder events = new StringBuilder();
                synchronized (this) {
                    if (sent >= entries.size()) {
                        wait(1000);
                    }
                    for (; sent < entries.size(); sent++) {
                        events.append("id: ").append(sent + 1).append("\nevent: revocation\ndata: ")
                                .append(entries.get(sent)).append("\n\n");
                    }
                }
                out.write((events.isEmpty() ? ": keep-alive\n\n" : events.toString()).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // follower went away
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        feedFails = true;
        synchronized (this) {
            notifyAll();
        }
        server.stop(0);
    }
}
