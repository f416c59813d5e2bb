package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar under a limit of 256 open files, flooded with 300 connections that each send
 * half a request. Running out of descriptors makes the web server's accept fail, and the web
 * server then closes its port for good while the process runs on: with the derived connection cap
 * that never happens and the server answers again once the flood ends; with a cap set too high,
 * the process notices the dead port and exits, so that a supervisor restarts it.
 */
class DescriptorExhaustionIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int FLOOD = 300;
    private static final String HALF_A_REQUEST = "POST /v1/login HTTP/1.1\r\nHost: gatehouse.test\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{";

    @TempDir
    Path data;
    Process server;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void with_the_derived_connection_cap_the_server_answers_again_after_a_flood_of_half_sent_requests() throws Exception {
        int port = serve();

        flood(port);

        assertThat(health(port, Duration.ofSeconds(30))).as(String.join("\n", logLines())).isEqualTo(200);
        assertThat(server.isAlive()).isTrue();
        assertThat(logLines()).noneMatch(line -> line.contains("terminating now"));
    }

    @Test
    void when_the_listener_dies_anyway_the_process_exits_with_one_clear_line() throws Exception {
        int port = serve("--set", "server.max-connections=100000");

        flood(port);

        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
        assertThat(server.exitValue()).isEqualTo(3);
        assertThat(logLines()).filteredOn(line -> line.contains("ServeCommand")).singleElement().asString()
                .contains("ERROR", "127.0.0.1:" + port, "no longer accepts connections", "exiting with status 3");
    }

    private List<String> logLines() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /**
     * Opens the flood, holds it a moment (the server reads the half requests), then lets it go. A
     * connection refused or reset ends the flood early: the listener is gone.
     */
    private static void flood(int port) throws IOException, InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(HALF_A_REQUEST.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            Thread.sleep(2_000);
        } catch (IOException listenerGone) {
            // the listener stopped under the flood
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** The status of {@code GET /health}, retried until {@code patience} has passed; 0 if it never answered. */
    private static int health(int port, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                try {
                    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
        }
        return 0;
    }

    private int serve(String... settings) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux) to lower the open-file limit");
        assertThat(Files.exists(Path.of("target", "gatehouse.jar"))).as("the jar is packaged").isTrue();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/prlimit", "--nofile=256:256",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-jar", Path.of("target", "gatehouse.jar").toAbsolutePath().toString(),
                "serve", "--port", "0", "--data-dir", data.toString()));
        cmd.addAll(List.of(settings));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_"));
        server = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            log.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server stopped before listening:\n" + String.join("\n", log));
    }

    private void drain(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
            }
        } catch (IOException ended) {
            // the process ended
        }
    }
}
