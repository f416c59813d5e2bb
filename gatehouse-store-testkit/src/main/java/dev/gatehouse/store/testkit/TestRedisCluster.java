package dev.gatehouse.store.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster on loopback, shared by every module that tests against one, started once per test JVM on first use and
 * stopped by a shutdown hook: three {@code redis-server} child processes on free ports (whose
 * cluster bus ports, +10000, are free too) without persistence, joined by
 * {@code redis-cli --cluster create}.
 *
 * <p>Without {@code redis-server} and {@code redis-cli} on the PATH the tests that need it are
 * skipped with the reason (failed when {@code CI=true}); a cluster that does not come up is a
 * failure everywhere.
 */
public final class TestRedisCluster {

    private static final int NODES = 3;
    private static final long START_TIMEOUT_MS = 30_000;

    private static List<String> seeds;
    private static String missing;
    private static RuntimeException failure;

    private TestRedisCluster() {
    }

    /** The seed URIs, starting the cluster if this is the first call. */
    public static List<String> require() {
        start();
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(missing + "; CI=true, so the Redis Cluster tests must run");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, missing + "; skipping the Redis Cluster tests (they fail instead when CI=true)");
        }
        if (failure != null) {
            throw failure;
        }
        return seeds;
    }

    private static synchronized void start() {
        if (seeds != null || missing != null || failure != null) {
            return;
        }
        for (String tool : List.of("redis-server", "redis-cli")) {
            if (!onPath(tool)) {
                missing = tool + " is not on the PATH";
                return;
            }
        }
        List<Process> processes = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gatehouse-redis-cluster-");
            Path logs = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(processes, logs), "redis-cluster-stop"));
            List<Integer> ports = freePorts();
            for (int port : ports) {
                processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                        "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1",
                        "--daemonize", "no", "--protected-mode", "no")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                        .start());
            }
            for (int port : ports) {
                waitFor(() -> "PONG".equals(cli(port, "ping")), "node " + port + " to answer PING");
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create did not cover all slots:\n" + out);
            }
            for (int port : ports) {
                waitFor(() -> cli(port, "cluster", "info").contains("cluster_state:ok"), "node " + port + " to report cluster_state:ok");
            }
            seeds = ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
        } catch (IOException | RuntimeException e) {
            failure = new IllegalStateException("could not start a Redis Cluster (logs in " + dir + ")", e);
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    /** Ports P with P and P + 10000 (the cluster bus) both free on loopback. */
    private static List<Integer> freePorts() {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < NODES) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (!ports.contains(port) && free(port) && free(port + 10_000)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            return run(command).strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 30 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out after " + START_TIMEOUT_MS + " ms waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void stop(List<Process> processes, Path dir) {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind; nothing else to do in a shutdown hook
        }
    }
}
