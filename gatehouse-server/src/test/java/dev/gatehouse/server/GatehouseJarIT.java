package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run as users run it: accounts created by the command line while the server
 * is stopped, then served, signed into, restarted. Its log output, at debug level, must never
 * contain the password, the session token or the token's hash.
 */
class GatehouseJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String PASSWORD = "a long passphrase for the jar";

    @TempDir
    Path data;

    @Test
    void the_jar_manages_accounts_serves_sessions_survives_a_restart_and_logs_no_secret() throws Exception {
        Process create = command("account", "create", "alice", "--admin", "--password-stdin").start();
        try (OutputStream in = create.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(new String(create.getErrorStream().readAllBytes())).isZero();

        List<String> log = new ArrayList<>();
        Process server = serve(log);
        Browser browser;
        String token;
        try {
            int port = port(server, log);
            browser = new Browser(path -> URI.create("http://127.0.0.1:" + port + path));
            assertThat(browser.get("/health").statusCode()).isEqualTo(200);
            assertThat(browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}")
                    .statusCode()).isEqualTo(200);
            token = browser.cookies.get("__Host-gatehouse");
            assertThat(browser.get("/v1/verify").statusCode()).isEqualTo(200);
            browser.postJson("/v1/login", "{\"username\":\"alice\",\"password\":\"wrong " + PASSWORD + "\"}");
            browser.get("/v1/admin/accounts");
            assertThat(awaitLine(log, "\"route\":\"/v1/admin/accounts\"")).as("the access log, written within its flush interval")
                    .startsWith("{\"time\":");
            assertThat(awaitLine(log, "\"type\":\"SIGN_IN_FAILED\"")).as("the audit log").startsWith("{\"time\":");
        } finally {
            stop(server);
        }

        Process again = serve(log);
        try {
            int port = port(again, log);
            Browser same = new Browser(path -> URI.create("http://127.0.0.1:" + port + path));
            same.cookies.putAll(browser.cookies);
            assertThat(same.get("/v1/verify").statusCode()).isEqualTo(200);
        } finally {
            stop(again);
        }

        String allLogs = String.join("\n", log);
        assertThat(allLogs).contains("listening on")
                .doesNotContain(PASSWORD)
                .doesNotContain(token)
                .doesNotContain(dev.gatehouse.core.crypto.Secrets.sha256Hex(token))
                .doesNotContain("argon2id$");
    }

    private ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", Path.of("target", "gatehouse.jar").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data-dir", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GATEHOUSE_"));
        return pb;
    }

    private Process serve(List<String> log) throws IOException {
        assertThat(Files.exists(Path.of("target", "gatehouse.jar"))).as("the jar is packaged").isTrue();
        return command("serve", "--port", "0", "--set", "log.level=debug").redirectErrorStream(true).start();
    }

    /** Readers of the servers' output, joined when a server stops: its last lines come as it exits. */
    private final List<Thread> drains = new ArrayList<>();

    private int port(Process server, List<String> log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            log.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                drains.add(Thread.ofVirtual().start(() -> drain(out, log)));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server stopped before listening:\n" + String.join("\n", log));
    }

    private static void drain(BufferedReader out, List<String> log) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    log.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The first line holding {@code text}, once the server has written it (or null after 5 s). */
    private static String awaitLine(List<String> log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (log) {
                for (String line : log) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    private void stop(Process server) throws InterruptedException {
        server.destroy(); // SIGTERM: the shutdown hook closes the server and the store
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        for (Thread drain : drains) {
            drain.join(Duration.ofSeconds(10));
        }
    }
}
