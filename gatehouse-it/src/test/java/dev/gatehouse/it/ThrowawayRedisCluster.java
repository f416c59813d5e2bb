package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A three-master Redis Cluster of the test's own, whose masters the test stops and starts again:
 * faults are injected here, never into the shared cluster of {@code TestRedisCluster} or the
 * shared Redis on 6379. Each master writes every command to its append-only file before
 * answering, and keeps its cluster identity in its own {@code nodes.conf}, so a master started
 * again on the same port and folder comes back with its slots and its data.
 *
 * <p>The cluster is told {@code cluster-require-full-coverage no}: once it has marked a master
 * failed (after {@link #NODE_TIMEOUT_MS}), the other masters keep serving their own slots. With
 * Redis's default ({@code yes}) they would refuse every command instead, and one master down would
 * stop every request; see docs/operations.md. Skipped visibly when redis-server or redis-cli is
 * missing, except in CI ({@code CI=true}), where that fails.
 */
final class ThrowawayRedisCluster implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final Path CLI = Path.of("/usr/bin/redis-cli");
    private static final int MASTERS = 3;
    /** Short, so the cluster reaches its steady "master failed" state while the test watches. */
    static final int NODE_TIMEOUT_MS = 2_000;
    private static final long WAIT_MS = 30_000;

    private final Path folder;
    private final List<Integer> ports;
    private final Process[] processes = new Process[MASTERS];

    private ThrowawayRedisCluster(Path folder, List<Integer> ports) {
        this.folder = folder;
        this.ports = ports;
    }

    /** Starts three masters on free ports (their bus ports, +10000, free too) and joins them into one cluster. */
    static ThrowawayRedisCluster start(Path folder) throws IOException, InterruptedException {
        for (Path tool : List.of(SERVER, CLI)) {
            if (!Files.isExecutable(tool)) {
                if ("true".equals(System.getenv("CI"))) {
                    fail(tool + " is not installed, and CI=true needs this test to run");
                }
                Assumptions.assumeTrue(false, tool + " is not installed");
            }
        }
        ThrowawayRedisCluster cluster = new ThrowawayRedisCluster(folder, freePorts());
        try {
            for (int i = 0; i < MASTERS; i++) {
                cluster.startMaster(i);
            }
            List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
            cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("All 16384 slots covered")) {
                fail("redis-cli --cluster create did not cover every slot:\n" + out);
            }
            for (int i = 0; i < MASTERS; i++) {
                int master = i;
                cluster.await(() -> cluster.cli(master, "cluster", "info").contains("cluster_state:ok"),
                        "master " + i + " to report cluster_state:ok");
            }
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The seed URIs of every master, for {@code store.redis.uris}. */
    List<String> uris() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    int masters() {
        return MASTERS;
    }

    int port(int master) {
        return ports.get(master);
    }

    /** Which master serves this key's slot, as that master reports its own slots. */
    int masterOf(String key) {
        int slot = Integer.parseInt(cli(0, "cluster", "keyslot", key));
        for (int i = 0; i < MASTERS; i++) {
            String myself = cli(i, "cluster", "nodes").lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
            String[] fields = myself.split(" ");
            for (int f = 8; f < fields.length; f++) {
                String[] range = fields[f].split("-");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[range.length - 1]);
                if (slot >= from && slot <= to) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("no master reports slot " + slot);
    }

    /** The value of a string key, read through the cluster (following its redirection); null when absent. */
    String get(String key) {
        String value = cli(0, "-c", "--raw", "get", key);
        return value.isEmpty() ? null : value;
    }

    /** SIGTERM, as an orchestrator stops it (with append-only persistence, Redis flushes its file first). */
    void stopMaster(int master) throws InterruptedException {
        Process p = processes[master];
        if (p != null) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            processes[master] = null;
        }
    }

    /** Starts a master on its port and folder (its data and its nodes.conf) and waits until it answers PING. */
    void startMaster(int master) throws IOException {
        Path dir = folder.resolve("master" + master);
        Files.createDirectories(dir);
        processes[master] = new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port(master)),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no", "--save", "",
                "--appendonly", "yes", "--appendfsync", "always",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS), "--cluster-require-full-coverage", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        await(() -> "PONG".equals(cli(master, "ping")), "master " + master + " to answer PING");
    }

    /** The {@code cluster_state} this master reports ({@code ok} or {@code fail}), or "" if it does not answer. */
    String clusterState(int master) {
        return cli(master, "cluster", "info").lines().filter(l -> l.startsWith("cluster_state:"))
                .map(l -> l.substring("cluster_state:".length()).strip()).findFirst().orElse("");
    }

    private String cli(int master, String... args) {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port(master))));
        command.addAll(List.of(args));
        try {
            return run(command).strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + WAIT_MS + " ms waiting for " + what + " (logs in " + folder + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish within 30 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Ports P with P and P + 10000 (the cluster bus) both free on loopback. */
    private static List<Integer> freePorts() {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < MASTERS) {
            int port = ThreadLocalRandom.current().nextInt(30_000, 40_000);
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

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < MASTERS; i++) {
            stopMaster(i);
        }
    }
}
