package dev.gatehouse.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Serves the single-page app in {@code examples/spa} and passes every {@code /v1/} request on to
 * Gatehouse, so the page and Gatehouse share one origin. That is what SPA mode needs: the token
 * cookies are {@code SameSite=Strict} and host-only, and the refresh cookie is sent only to
 * {@code /v1/refresh} of that same host.
 *
 * <p>A development server, on the JDK alone so that it runs as a single source file:
 * {@code java examples/src/main/java/dev/gatehouse/examples/SpaServer.java} from the repository
 * root ({@code GATEHOUSE_URL}, default {@code http://127.0.0.1:8080}; {@code PORT}, default 8081;
 * {@code SPA_DIR}, default {@code examples/spa}). In production nginx does the same with the
 * {@code /v1/} location of {@code examples/nginx/forward-auth.conf} and a {@code root} for the files.
 */
public final class SpaServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    /** Headers that describe one connection, not the message; the JDK client refuses to set some of them. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final Path root;
    private final URI gatehouse;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** Serves the files of {@code root} and proxies {@code /v1/} to {@code gatehouse}, on {@code port} (0: any free one). */
    public SpaServer(Path root, URI gatehouse, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.gatehouse = gatehouse;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().startsWith("/v1/")) {
                    proxy(exchange);
                } else {
                    serveFile(exchange);
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("SpaServer: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                        + " failed: " + e);
            }
        });
        server.start();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        if (!List.of("GET", "HEAD").contains(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (!file.startsWith(root) || type == null || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes());
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, type, exchange.getRequestMethod().equals("HEAD") ? new byte[0] : Files.readAllBytes(file));
    }

    /** Passes the request on as it came (cookies, fetch metadata, the refresh header) and the answer back. */
    private void proxy(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(gatehouse.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 && !exchange.getRequestMethod().equals("POST")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Gatehouse", e);
        } catch (IOException e) {
            send(exchange, 502, "text/plain; charset=utf-8", ("Gatehouse did not answer at " + gatehouse + "\n").getBytes());
            return;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value)); // every Set-Cookie
            }
        });
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }

    /** Entry point; settings from the environment, see the class comment. */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        Path root = Path.of(env.getOrDefault("SPA_DIR", "examples/spa"));
        if (!Files.isRegularFile(root.resolve("index.html"))) {
            throw new IllegalStateException(root.toAbsolutePath() + " has no index.html: run from the repository root or set SPA_DIR");
        }
        SpaServer spa = new SpaServer(root, URI.create(env.getOrDefault("GATEHOUSE_URL", "http://127.0.0.1:8080")),
                Integer.parseInt(env.getOrDefault("PORT", "8081")));
        System.out.println("open http://localhost:" + spa.port() + "/ (pages from " + spa.root + ", /v1/ from "
                + spa.gatehouse + ")");
    }
}
