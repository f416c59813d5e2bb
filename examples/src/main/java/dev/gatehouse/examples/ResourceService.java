package dev.gatehouse.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.verifier.BearerAuthenticator;
import dev.gatehouse.verifier.BearerResult;
import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.VerifiedToken;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An example resource service: {@code GET /orders} answers only callers with a valid Gatehouse
 * access token, on the JDK's built-in HTTP server, through the
 * framework-neutral {@link BearerAuthenticator}. No Gatehouse call happens per request; a revoked
 * session is refused as soon as the revocation feed delivers it.
 *
 * <p>Run: {@code GATEHOUSE_URL=http://127.0.0.1:8080 GATEHOUSE_CLIENT_ID=orders-api
 * GATEHOUSE_CLIENT_SECRET=... java -cp ... dev.gatehouse.examples.ResourceService} (also
 * {@code GATEHOUSE_ISSUER}, default the URL; {@code AUDIENCE}, default {@code api};
 * {@code PORT}, default 9090). The client is registered once with
 * {@code ./gatehouse client create orders-api --secret-stdin}: Gatehouse serves its revocation
 * feed only to registered clients, and without it every token is refused (503) as unverifiable.
 */
public final class ResourceService implements AutoCloseable {

    private final GatehouseVerifier verifier;
    private final HttpServer server;

    /** Starts serving on {@code port} (0: any free port). */
    public ResourceService(GatehouseVerifier verifier, int port) throws IOException {
        this.verifier = verifier;
        BearerAuthenticator bearer = new BearerAuthenticator(verifier, "orders");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/orders", exchange -> {
            try (exchange) {
                switch (bearer.authenticate(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    case BearerResult.Authenticated(VerifiedToken token) -> send(exchange, 200,
                            "{\"owner\":\"" + token.subject() + "\",\"session\":\"" + token.sessionId()
                                    + "\",\"orders\":[]}", Map.of());
                    case BearerResult.Refused refused -> send(exchange, refused.status(),
                            "{\"error\":\"" + refused.error().orElse("unauthorized") + "\"}",
                            refused.wwwAuthenticate().map(v -> Map.of("WWW-Authenticate", v)).orElse(Map.of()));
                }
            }
        });
        server.start();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        verifier.close();
    }

    /** Entry point; settings from the environment, see the class comment. */
    public static void main(String[] args) throws IOException {
        String url = System.getenv().getOrDefault("GATEHOUSE_URL", "http://127.0.0.1:8080");
        GatehouseVerifier verifier = GatehouseVerifier.builder()
                .issuer(System.getenv().getOrDefault("GATEHOUSE_ISSUER", url))
                .audience(System.getenv().getOrDefault("AUDIENCE", "api"))
                .gatehouse(URI.create(url))
                .clientCredentials(required("GATEHOUSE_CLIENT_ID"), required("GATEHOUSE_CLIENT_SECRET"))
                .build();
        ResourceService service = new ResourceService(verifier, Integer.parseInt(System.getenv().getOrDefault("PORT", "9090")));
        System.out.println("orders service on http://127.0.0.1:" + service.port() + "/orders");
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is required: the revocation feed answers registered clients only"
                    + " (./gatehouse client create ID --secret-stdin)");
        }
        return value;
    }
}
