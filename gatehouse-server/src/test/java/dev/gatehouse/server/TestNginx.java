package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx for tests: runs in the foreground from a folder of its own, on a free loopback
 * port, with an {@code http} block the test writes. Missing nginx skips the test outside CI and
 * fails it under {@code CI=true}.
 */
public final class TestNginx implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final int port;

    private TestNginx(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts nginx with the server blocks {@code servers.apply(port)} makes for a free port,
     * retrying with another port if one was taken meanwhile.
     */
    public static TestNginx start(Path dir, IntFunction<String> servers) throws IOException, InterruptedException {
        Path binary = binary();
        Files.createDirectories(dir);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Files.writeString(dir.resolve("nginx.conf"), conf(dir, servers.apply(port)));
            Files.deleteIfExists(dir.resolve("error.log"));
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", dir + "/",
                    "-c", dir.resolve("nginx.conf").toString()));
            if (supportsErrorLogFlag(binary)) {
                // Without -e, nginx opens its compiled-in error log before reading our config.
                command.addAll(List.of("-e", dir.resolve("error.log").toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            if (awaitListening(process, port)) {
                return new TestNginx(dir, process, port);
            }
            process.waitFor(5, TimeUnit.SECONDS);
            String log = log(dir);
            if (!log.contains("Address already in use") || attempt == 3) {
                fail("nginx did not start:\n" + log);
            }
        }
    }

    public int port() {
        return port;
    }

    /** What nginx printed and logged, for failure messages. */
    public String log() throws IOException {
        return log(dir);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String conf(Path dir, String servers) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid "%1$s/nginx.pid";
                error_log "%1$s/error.log" info;
                events { worker_connections 256; }
                http {
                    access_log "%1$s/access.log";
                    client_body_temp_path "%1$s/client_body";
                    proxy_temp_path "%1$s/proxy";
                    fastcgi_temp_path "%1$s/fastcgi";
                    uwsgi_temp_path "%1$s/uwsgi";
                    scgi_temp_path "%1$s/scgi";

                %2$s
                }
                """.formatted(dir, servers);
    }

    private static Path binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "nginx"));
        Optional<Path> found = Stream.concat(Stream.of(Path.of("/usr/sbin/nginx")), onPath)
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String why = "looked for /usr/sbin/nginx and nginx on PATH; install it (Debian: apt-get install nginx-light)";
            if ("true".equals(System.getenv("CI"))) {
                fail("nginx is not installed, and CI=true needs the nginx tests to run: " + why);
            }
            Assumptions.assumeTrue(false, "nginx is not installed: " + why);
        }
        return found.get();
    }

    private static boolean awaitListening(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        return false;
    }

    private static boolean supportsErrorLogFlag(Path binary) throws IOException, InterruptedException {
        Process help = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor(5, TimeUnit.SECONDS);
        return usage.contains("-e filename");
    }

    private static String log(Path dir) throws IOException {
        StringBuilder log = new StringBuilder();
        for (String name : List.of("nginx.out", "error.log")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                log.append("--- ").append(name).append('\n').append(Files.readString(file));
            }
        }
        return log.toString();
    }

    /** A free loopback port. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
