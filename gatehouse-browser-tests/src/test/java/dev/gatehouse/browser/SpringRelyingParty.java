package dev.gatehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spring Boot relying party of {@code rp-spring/} ({@code oauth2Login} against Gatehouse's
 * discovery document), started from its jar in a JVM of its own, as the application it would be.
 * {@code ./run-tests} packages the jar; without it the tests skip outside CI, with the reason, and
 * fail under {@code CI=true}. Its log is {@code target/rp-spring.log}.
 */
final class SpringRelyingParty implements AutoCloseable {

    static final Path JAR = Path.of("rp-spring", "target", "rp-spring.jar");
    static final String REGISTRATION = "gatehouse";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;

    private SpringRelyingParty(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips (outside CI) or fails (under CI) the calling tests when the jar has not been built. */
    static void checkBuilt() {
        if (!Files.isRegularFile(JAR.toAbsolutePath())) {
            InstalledBrowser.missing("the Spring relying party is not built at " + JAR.toAbsolutePath()
                    + "; ./run-tests builds it (mvn -f gatehouse-browser-tests/rp-spring/pom.xml package)");
        }
    }

    /** Starts it on this port, signing in at this issuer as this client, and waits until it answers. */
    static SpringRelyingParty start(int port, String issuer, String clientId, String secret) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String client = "--spring.security.oauth2.client.registration." + REGISTRATION + ".";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toAbsolutePath().toString(), "--server.port=" + port,
                "--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + issuer,
                client + "client-id=" + clientId, client + "client-secret=" + secret));
        Path log = BrowserHarness.TARGET.resolve("rp-spring.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            SpringRelyingParty app = new SpringRelyingParty(process, port);
            app.awaitAnswer(log);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    /**
     * What the app answers to {@code GET /} with this session cookie, as the browser holding it
     * would get: 200 while its session lives, a redirect to sign in once it has ended.
     */
    int home(String sessionCookie) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/"))).header("Cookie", "JSESSIONID=" + sessionCookie)
                .timeout(Duration.ofSeconds(10)).GET().build();
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitAnswer(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/signed-out"))).timeout(Duration.ofSeconds(2)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Spring relying party exited with " + process.exitValue()
                            + "; its log, " + log.toAbsolutePath() + ", ends:\n" + tail(log));
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        close();
        throw new IllegalStateException("the Spring relying party did not answer within " + START_TIMEOUT.toSeconds()
                + " s; its log ends:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
