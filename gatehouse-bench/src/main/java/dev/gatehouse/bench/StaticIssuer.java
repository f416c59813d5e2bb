package dev.gatehouse.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * The verifier-facing endpoints of Gatehouse with fixed answers, on loopback, so a benchmark
 * measures verification and nothing else: a JWKS, an empty revocation log and an event stream
 * that only sends keep-alives. Like Gatehouse, it answers the feed only to its one registered
 * client ({@link #CLIENT_ID}), authenticated with HTTP Basic.
 */
final class StaticIssuer implements AutoCloseable {

    static final String CLIENT_ID = "bench";
    static final String CLIENT_SECRET = "bench-secret-0123456789abcdefghijklmn";
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));

    private final HttpServer server;
    private volatile boolean closed;

    StaticIssuer(String jwks) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/.well-known/jwks.json", ex -> send(ex, jwks));
        server.createContext("/v1/revocations", ex -> {
            if (!AUTHORIZATION.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gatehouse\"");
                ex.sendResponseHeaders(401, -1);
                ex.close();
            } else if (ex.getRequestURI().getPath().endsWith("/stream")) {
                stream(ex);
            } else {
                send(ex, "{\"entries\":[],\"next\":0}");
            }
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            while (!closed) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // follower closed
        }
    }

    private static void send(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
