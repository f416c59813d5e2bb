package dev.gatehouse.bench.harness;

import static dev.gatehouse.bench.harness.Settings.PASSWORD;
import static dev.gatehouse.bench.harness.Settings.USERNAME;

import dev.gatehouse.bench.harness.Report.StartUp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The Spring peer's part (bench/peers/spring, built by bench/run.sh): S7, then S1 with its
 * {@code SESSION} cookie, S2 with Gatehouse's access token against Gatehouse's JWKS (so Gatehouse's
 * main instance must be up), S3 form logins and S6. Its versions are read from its executable jar.
 */
final class SpringRun {

    private static final Pattern SPRING = Pattern.compile("spring-(boot|security-core|session-jdbc)-[0-9][0-9.]*[0-9]");
    private static final Pattern SQLITE = Pattern.compile("sqlite-jdbc-[0-9.]*[0-9]");

    private final Settings settings;
    private final Path work;
    private final Wrk wrk;
    private final Http http = new Http();
    private final Path jar;

    SpringRun(Settings settings, Path work, Wrk wrk) {
        this.settings = settings;
        this.work = work;
        this.wrk = wrk;
        this.jar = settings.peers().resolve("spring/target/spring-peer.jar");
    }

    /** Runs the Spring scenarios against Gatehouse's main instance at {@code gatehouse}. */
    Report.Spring measure(Map<Scenario, Measurement> measurements, String gatehouse, String accessToken,
            Duration loginDrain) {
        int port = SystemProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        try {
            Files.createDirectories(work.resolve("spring"));
        } catch (IOException e) {
            throw new HarnessException("cannot create " + work.resolve("spring"), e);
        }
        Log.info("S7 Spring: first start (creates its schema and the account)");
        long first;
        try (SystemProcess p = start("first", port, gatehouse)) {
            first = p.awaitReady(URI.create(base + "/health"), Duration.ofSeconds(180), Duration.ofMillis(50));
        }
        Log.info("S7 Spring: restart (measured)");
        try (SystemProcess spring = start("second", port, gatehouse)) {
            long restart = spring.awaitReady(URI.create(base + "/health"), Duration.ofSeconds(180), Duration.ofMillis(50));
            SystemProcess.sleep(Duration.ofSeconds(2));
            long idleRss = SystemProcess.residentMebibytes(port);
            long size = Sizes.onDisk(jar);
            Log.info("  first start " + first + " ms, restart " + restart + " ms, idle RSS " + idleRss + " MB, jar "
                    + ReportWriter.format(size / 1048576.0, 1) + " MB");
            String loginForm = Http.form("username", USERNAME, "password", PASSWORD);
            HttpResponse<String> login = http.expectOk("Spring login", Http.postForm(base + "/login", loginForm));
            String cookie = Http.cookie(login, "SESSION")
                    .orElseThrow(() -> new HarnessException("Spring login set no SESSION cookie"));
            if (http.send(Http.get(base + "/verify").header("Cookie", "SESSION=" + cookie)).statusCode() != 200) {
                throw new HarnessException("Spring /verify refused its session");
            }
            if (http.send(Http.get(base + "/api/verify").header("Authorization", "Bearer " + accessToken)).statusCode() != 200) {
                throw new HarnessException("Spring /api/verify refused Gatehouse's access token");
            }
            Log.info("S1 Spring: GET /verify with the SESSION cookie (Spring Session JDBC)");
            measurements.put(Scenario.SP_S1, wrk.measure(Scenario.SP_S1, base + "/verify", "Cookie: SESSION=" + cookie));
            Log.info("S2 Spring: GET /api/verify with Gatehouse's access token (resource server, Gatehouse's JWKS)");
            measurements.put(Scenario.SP_S2, wrk.measure(Scenario.SP_S2, base + "/api/verify",
                    "Authorization: Bearer " + accessToken));
            Wrk.Post post = new Wrk.Post(loginForm, "application/x-www-form-urlencoded", "");
            Log.info("S3 Spring: POST /login (form), " + settings.connections() + " connections");
            measurements.put(Scenario.SP_S3, wrk.measure(Scenario.SP_S3, base + "/login", loginDrain, post));
            Log.info("S6 Spring: S1 while a login flood runs");
            List<Measurement> s6 = wrk.measureUnderFlood(Scenario.SP_S6, Scenario.SP_S6FLOOD, base + "/verify",
                    base + "/login", loginDrain, post, "Cookie: SESSION=" + cookie);
            measurements.put(Scenario.SP_S6, s6.get(0));
            measurements.put(Scenario.SP_S6FLOOD, s6.get(1));
            long loadedRss = SystemProcess.residentMebibytes(port);
            return new Report.Spring(new StartUp(first, restart, idleRss, loadedRss, size), versions(jar, SPRING, ", "),
                    versions(jar, SQLITE, ","), cookie.length());
        }
    }

    private SystemProcess start(String which, int port, String gatehouse) {
        return SystemProcess.start("the Spring peer", List.of(settings.java().toString(), "-jar", jar.toString(),
                "--server.port=" + port, "--bench.data-dir=" + work.resolve("spring"), "--gatehouse.issuer=" + gatehouse,
                "--bench.username=" + USERNAME, "--bench.password=" + PASSWORD), Map.of(),
                work.resolve("spring-" + which + ".log"));
    }

    /** The distinct matches of {@code pattern} among the jar's entry names, sorted, joined by {@code separator}. */
    static String versions(Path jar, Pattern pattern, String separator) {
        TreeSet<String> found = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var entry : Collections.list(zip.entries())) {
                Matcher m = pattern.matcher(entry.getName());
                while (m.find()) {
                    found.add(m.group());
                }
            }
        } catch (IOException e) {
            throw new HarnessException("cannot read " + jar, e);
        }
        return String.join(separator, found);
    }
}
