package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.server.TestNginx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server of the test's own, on a free port, that the test stops and starts again: faults
 * are injected here, never into the shared Redis on 6379 that other tests use. Skipped visibly
 * when redis-server is not installed, except in CI ({@code CI=true}), where that fails.
 */
final class ThrowawayRedis implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path folder;
    private final int port;
    private final List<String> persistence;
    private Process process;

    private ThrowawayRedis(Path folder, List<String> persistence) throws IOException {
        this.folder = folder;
        this.port = TestNginx.freePort();
        this.persistence = persistence;
    }

    /** Keeps nothing: a restart comes back empty. */
    static ThrowawayRedis inMemory(Path folder) throws IOException {
        return new ThrowawayRedis(folder, List.of("--appendonly", "no"));
    }

    /** Writes every command to its append-only file before answering: a restart loses nothing. */
    static ThrowawayRedis appendOnly(Path folder) throws IOException {
        return new ThrowawayRedis(folder, List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts redis-server on this object's port (the same every time) and waits until it accepts connections. */
    ThrowawayRedis start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("redis-server is not installed, and CI=true needs this test to run");
            }
            Assumptions.assumeTrue(false, "redis-server is not installed (" + BINARY + ")");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", folder.toString(), "--save", "", "--daemonize", "no"));
        command.addAll(persistence);
        Path log = folder.resolve("redis.log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("redis-server did not start:\n" + Files.readString(log));
        return this;
    }

    /** SIGTERM, as an orchestrator stops it (with append-only persistence, Redis flushes its file first). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
