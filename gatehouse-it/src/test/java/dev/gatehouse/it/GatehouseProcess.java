package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.server.config.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gatehouse node as its own operating-system process: the packaged jar of gatehouse-server
 * ({@code gatehouse.jar} beside its {@code libs/}, built by the reactor's {@code package} phase
 * before this module's tests run), started with {@code serve --port 0} and the given settings, so
 * that a test can kill it with SIGKILL, mid-request, as a crash or the kernel's OOM killer would.
 */
final class GatehouseProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "gatehouse-server", "target", "gatehouse.jar").toAbsolutePath().normalize();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> log;

    private GatehouseProcess(Process process, int port, List<String> log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a free port with these settings ({@code --set}) and environment, and waits until it listens. */
    static GatehouseProcess start(Path dataDirectory, Map<Setting, String> settings, Map<String, String> env)
            throws IOException {
        assertThat(JAR).as("the packaged jar (run through the reactor: mvn -pl gatehouse-it -am verify)").exists();
        Files.createDirectories(dataDirectory);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(),
                "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.toString()));
        settings.forEach((setting, value) -> command.addAll(List.of("--set", setting.key() + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            log.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out, log));
                return new GatehouseProcess(process, Integer.parseInt(m.group(1)), log);
            }
        }
        throw new AssertionError("the node stopped before listening:\n" + String.join("\n", log));
    }

    private static void drain(BufferedReader out, List<String> log) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    int port() {
        return port;
    }

    /** Log lines so far that contain {@code text}. */
    List<String> logLines(String text) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(text)).toList();
        }
    }

    /** SIGKILL: no shutdown hook runs, requests in flight get no answer. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
