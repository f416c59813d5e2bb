package dev.gatehouse.bench.harness;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A system under test, started as its users start it, its output in a log file, stopped with
 * everything it started (a launcher script's JVM included) when closed or when the harness exits.
 *
 * <p>It stays in the harness's session, which is wrk's. Linux's autogroup scheduler shares the
 * CPU between sessions first, so a system started in a session of its own (with {@code setsid})
 * competed with wrk as one group against another, and every tail grew (Gatehouse S1: p99 52 ms in
 * its own session, 10-13 ms in wrk's, same machine, same minute). No system runs beside its load
 * generator in production. A child of the JVM keeps the JVM's session; nothing here starts one.
 */
final class SystemProcess implements AutoCloseable {

    private static final Set<SystemProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Pattern LISTENER_PID = Pattern.compile("pid=(\\d+)");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(SystemProcess::close)));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final long launchedNanos;

    private SystemProcess(String name, Process process, Path log, long launchedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /** Launches {@code command} with {@code env} added to the harness's environment. */
    static SystemProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(new File("/dev/null"));
        builder.environment().putAll(env);
        long launched = System.nanoTime();
        try {
            SystemProcess started = new SystemProcess(name, builder.start(), log, launched);
            RUNNING.add(started);
            return started;
        } catch (IOException e) {
            throw new HarnessException(name + " could not be launched: " + e.getMessage(), e);
        }
    }

    /**
     * Polls {@code url} every {@code every} until it answers 200, for at most {@code limit}; returns
     * the milliseconds from the launch to that answer. Fails, with the log's last lines, if the
     * process exits first or the limit passes.
     */
    long awaitReady(URI url, Duration limit, Duration every) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - launchedNanos) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while waiting for " + name, e);
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(every);
        }
        throw new HarnessException(name + " did not start: " + Commands.tail(logText(), 5));
    }

    /** The resident memory, in MiB, of the process listening on {@code port} (the JVM, not its launcher). */
    static long residentMebibytes(int port) {
        Matcher m = LISTENER_PID.matcher(Commands.output(List.of("ss", "-Hltnp", "sport = :" + port)));
        if (!m.find()) {
            throw new HarnessException("no process listens on port " + port);
        }
        try {
            return Files.readAllLines(Path.of("/proc", m.group(1), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0))
                    .orElseThrow(() -> new HarnessException("no VmRSS for process " + m.group(1)));
        } catch (IOException e) {
            throw new HarnessException("cannot read the memory of process " + m.group(1), e);
        }
    }

    /** A port free on 127.0.0.1 now, for a system to listen on. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new HarnessException("no free port on 127.0.0.1", e);
        }
    }

    /** Stops the process and all it started: TERM, up to 10 s, then KILL. */
    @Override
    public void close() {
        if (!RUNNING.remove(this)) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : tree) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception stillRunning) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted", e);
        }
    }
}
