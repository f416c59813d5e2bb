package dev.gatehouse.bench.harness;

import static dev.gatehouse.bench.harness.Settings.CLIENT_SECRET;
import static dev.gatehouse.bench.harness.Settings.PASSWORD;
import static dev.gatehouse.bench.harness.Settings.USERNAME;

import dev.gatehouse.bench.harness.Report.HashCost;
import dev.gatehouse.bench.harness.Report.StartUp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gatehouse's part of the run: S7 (first start, a plain {@code java -jar} restart for reference,
 * the measured restart through {@code ./gatehouse}), the sign-ins whose sizes S8 reports, then S1,
 * S2, S5, S4, the hash cost, S3 and S6 on the main instance, and S4 again on a second instance
 * with EdDSA keys. The main instance stays up after {@link #measure} (the Spring peer reads its
 * JWKS) until this is closed.
 *
 * <p>It runs as its README says, through {@code ./gatehouse} pointed at a private copy of the jar
 * (other builds may rewrite gatehouse-server/target meanwhile), which adds a class-data-sharing
 * archive to {@code java -jar}. One account signing in from one address over and over is a
 * benchmark artefact, not an attack: the sign-in throttle ({@code password.max-attempts},
 * {@code password.account-lock-after}) is off, as brute-force protection is in the peers by default.
 */
final class GatehouseRun implements AutoCloseable {

    private final Settings settings;
    private final Path work;
    private final Path jar;
    private final Wrk wrk;
    private final Drivers drivers;
    private final Http http = new Http();
    private final Map<Scenario, Measurement> measurements;
    private final String loginJson = "{\"username\":\"" + USERNAME + "\",\"password\":\"" + PASSWORD + "\"";
    /**
     * The login floods (S3, S6) sign in as an account of their own: each sign-in beyond
     * {@code session.max-per-account} ends the account's oldest session, and the cookie and
     * lineages that S1, S4 and S6 measure with must not be among them.
     */
    private static final String FLOOD_USERNAME = "bench-flood";
    private final String floodLoginJson = "{\"username\":\"" + FLOOD_USERNAME + "\",\"password\":\"" + PASSWORD + "\"";
    /** Room for the bench account's cookie, token and lineages (one per connection). */
    private static final String[] SESSION_ROOM = {"--set", "session.max-per-account=1000"};
    private SystemProcess main;
    private String base;
    private String accessToken;
    private HashCost hash;

    GatehouseRun(Settings settings, Path work, Path jar, Wrk wrk, Drivers drivers, Map<Scenario, Measurement> into) {
        this.settings = settings;
        this.work = work;
        this.jar = jar;
        this.wrk = wrk;
        this.drivers = drivers;
        this.measurements = into;
    }

    /** Runs every Gatehouse scenario; the measurements go into the shared map. */
    Report.Gatehouse measure() {
        Log.info("Gatehouse: preparing the embedded store");
        int port = SystemProcess.freePort();
        base = "http://127.0.0.1:" + port;
        Path data = work.resolve("gh");
        init(data);
        Log.info("S7 Gatehouse: first start");
        long first;
        try (SystemProcess p = start(launcher(), data, port)) {
            first = p.awaitReady(URI.create(base + "/health"), Duration.ofSeconds(60), Duration.ofMillis(20));
        }
        Log.info("S7 Gatehouse: restart as a plain java -jar (no class-data archive), for reference");
        long plain;
        try (SystemProcess p = start(plainJava(), data, port)) {
            plain = p.awaitReady(URI.create(base + "/health"), Duration.ofSeconds(60), Duration.ofMillis(20));
        }
        Log.info("S7 Gatehouse: restart (measured)");
        main = start(launcher(), data, port, "--set", "password.max-attempts=0", "--set", "password.account-lock-after=0",
                SESSION_ROOM[0], SESSION_ROOM[1]);
        long restart = main.awaitReady(URI.create(base + "/health"), Duration.ofSeconds(60), Duration.ofMillis(20));
        SystemProcess.sleep(Duration.ofSeconds(2));
        long idleRss = SystemProcess.residentMebibytes(port);
        long size = Sizes.onDisk(jar) + Sizes.onDisk(jar.resolveSibling("libs"));
        Log.info("  first start " + first + " ms, restart " + restart + " ms (plain java -jar " + plain
                + " ms), idle RSS " + idleRss + " MB, jar + libs " + ReportWriter.format(size / 1048576.0, 1) + " MB");

        Log.info("Gatehouse: signing in (cookie, token, " + settings.connections() + " refresh lineages)");
        HttpResponse<String> cookieLogin = http.expectOk("Gatehouse login", Http.postJson(base + "/v1/login", loginJson + "}"));
        String cookie = Http.cookie(cookieLogin, "__Host-gatehouse")
                .orElseThrow(() -> new HarnessException("Gatehouse login set no session cookie"));
        String tokenLogin = http.expectOk("Gatehouse token login", tokenLogin(base)).body();
        accessToken = Http.member("Gatehouse token login", tokenLogin, "access_token");
        String refreshToken = Http.member("Gatehouse token login", tokenLogin, "refresh_token");
        String refreshBody = http.expectOk("Gatehouse refresh", Http.postForm(base + "/oauth2/token",
                Http.form("grant_type", "refresh_token", "refresh_token", refreshToken))).body();
        String basic = Http.basic("bench-rs", CLIENT_SECRET);
        String introspection = http.expectOk("Gatehouse introspection", Http.postForm(base + "/oauth2/introspect",
                Http.form("token", accessToken)).header("Authorization", basic)).body();
        if (!Http.json("Gatehouse introspection", introspection).path("active").asBoolean(false)) {
            throw new HarnessException("Gatehouse introspects its access token as inactive: " + introspection);
        }
        Path lineages = Lineages.signIn(http, "Gatehouse", settings.connections(), () -> tokenLogin(base),
                work.resolve("gh-refresh-tokens"));

        Log.info("S1 Gatehouse: GET /v1/verify with the session cookie");
        put(Scenario.GH_S1, wrk.measure(Scenario.GH_S1, base + "/v1/verify", "Cookie: __Host-gatehouse=" + cookie));
        Log.info("S2 Gatehouse: GET /v1/verify with the bearer access token");
        put(Scenario.GH_S2, wrk.measure(Scenario.GH_S2, base + "/v1/verify", "Authorization: Bearer " + accessToken));
        Log.info("S5 Gatehouse: POST /oauth2/introspect");
        put(Scenario.GH_S5, wrk.measure(Scenario.GH_S5, base + "/oauth2/introspect", Duration.ZERO,
                new Wrk.Post("token=" + accessToken, "application/x-www-form-urlencoded", basic)));
        Log.info("S4 Gatehouse: POST /oauth2/token refresh rotation, " + settings.connections() + " lineages (Java driver)");
        put(Scenario.GH_S4, drivers.refresh(Scenario.GH_S4, base + "/oauth2/token", lineages, ""));
        Log.info("S3 Gatehouse: one hash's time (Gatehouse's Argon2idHasher, one thread)");
        int cores = Runtime.getRuntime().availableProcessors();
        hash = drivers.hashTime(jar, cores);
        Log.info("  " + ReportWriter.format(hash.oneCheckMs(), 2) + " ms per check: bound "
                + ReportWriter.format(hash.bound(), 1) + " logins/s on " + cores + " cores; " + cores + " threads sustain "
                + ReportWriter.format(hash.parallelChecksPerSecond(), 1) + " checks/s");
        Wrk.Post login = new Wrk.Post(floodLoginJson + ",\"transport\":\"token\"}", "application/json", "");
        Log.info("S3 Gatehouse: POST /v1/login (token transport), " + settings.connections() + " connections");
        put(Scenario.GH_S3, wrk.measure(Scenario.GH_S3, base + "/v1/login", hash.loginDrain(settings.connections()), login));
        Log.info("S6 Gatehouse: S1 while a login flood saturates hashing");
        List<Measurement> s6 = wrk.measureUnderFlood(Scenario.GH_S6, Scenario.GH_S6FLOOD, base + "/v1/verify",
                base + "/v1/login", hash.loginDrain(settings.connections()), login, "Cookie: __Host-gatehouse=" + cookie);
        put(Scenario.GH_S6, s6.get(0));
        put(Scenario.GH_S6FLOOD, s6.get(1));
        long loadedRss = SystemProcess.residentMebibytes(port);

        Log.info("S8 Gatehouse: EdDSA access token (second instance, keys.algorithm=EdDSA)");
        int edPort = SystemProcess.freePort();
        String edBase = "http://127.0.0.1:" + edPort;
        Path edData = work.resolve("gh-ed");
        init(edData, "--set", "keys.algorithm=EdDSA");
        String edAccess;
        try (SystemProcess ed = start(launcher(), edData, edPort, "--set", "keys.algorithm=EdDSA",
                SESSION_ROOM[0], SESSION_ROOM[1])) {
            ed.awaitReady(URI.create(edBase + "/health"), Duration.ofSeconds(60), Duration.ofMillis(20));
            edAccess = Http.member("Gatehouse EdDSA login", http.expectOk("Gatehouse EdDSA login", tokenLogin(edBase)).body(),
                    "access_token");
            Log.info("S4 Gatehouse with EdDSA keys: refresh rotation, " + settings.connections() + " lineages");
            Path edLineages = Lineages.signIn(http, "Gatehouse", settings.connections(), () -> tokenLogin(edBase),
                    work.resolve("gh-ed-refresh-tokens"));
            put(Scenario.GH_S4ED, drivers.refresh(Scenario.GH_S4ED, edBase + "/oauth2/token", edLineages, ""));
        }
        return new Report.Gatehouse(new StartUp(first, restart, idleRss, loadedRss, size), plain,
                Http.jwtAlgorithm(accessToken), accessToken.length(), Http.jwtAlgorithm(edAccess), edAccess.length(),
                refreshToken.length(), Http.length(tokenLogin), Http.length(refreshBody), Http.length(introspection),
                cookie.length(), cookieLogin.body().length());
    }

    /** The main instance's base URL, for the Spring peer's JWKS. */
    String base() {
        return base;
    }

    /** An access token of the main instance (RS256), which the Spring resource server validates in S2. */
    String accessToken() {
        return accessToken;
    }

    HashCost hash() {
        return hash;
    }

    @Override
    public void close() {
        if (main != null) {
            main.close();
        }
    }

    private java.net.http.HttpRequest.Builder tokenLogin(String url) {
        return Http.postJson(url + "/v1/login", loginJson + ",\"transport\":\"token\"}");
    }

    private void init(Path data, String... extra) {
        for (String username : List.of(USERNAME, FLOOD_USERNAME)) {
            List<String> account = cli(launcher(), "account", "create", username, "--password-stdin", "--data-dir", data.toString());
            account.addAll(List.of(extra));
            Commands.require(account, launcherEnv(), PASSWORD + "\n");
        }
        List<String> client = cli(launcher(), "client", "create", "bench-rs", "--secret-stdin", "--data-dir", data.toString());
        client.addAll(List.of(extra));
        Commands.require(client, launcherEnv(), CLIENT_SECRET + "\n");
    }

    private SystemProcess start(List<String> how, Path data, int port, String... extra) {
        List<String> command = cli(how, "serve", "--data-dir", data.toString(), "--port", Integer.toString(port));
        command.addAll(List.of(extra));
        return SystemProcess.start("Gatehouse", command, launcherEnv(), work.resolve("gatehouse-" + port + ".log"));
    }

    private List<String> launcher() {
        return List.of(settings.root().resolve("gatehouse").toString());
    }

    private List<String> plainJava() {
        return List.of(settings.java().toString(), "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString());
    }

    private Map<String, String> launcherEnv() {
        return Map.of("JAVA_HOME", settings.java().getParent().getParent().toString(), "GATEHOUSE_JAR", jar.toString());
    }

    private static List<String> cli(List<String> how, String... args) {
        List<String> command = new ArrayList<>(how);
        command.addAll(List.of(args));
        return command;
    }

    private void put(Scenario scenario, Measurement measurement) {
        measurements.put(scenario, measurement);
    }

    /** Copies the built jar and its libs into the work folder and checks that the copy runs. */
    static Path snapshot(Path builtJar, Path work, Path java) {
        Path copy = work.resolve("gatehouse");
        for (int attempt = 1; ; attempt++) {
            try {
                Sizes.delete(copy);
                Files.createDirectories(copy);
                Files.copy(builtJar, copy.resolve("gatehouse.jar"));
                try (Stream<Path> libs = Files.walk(builtJar.resolveSibling("libs"))) {
                    for (Path lib : libs.toList()) {
                        Files.copy(lib, copy.resolve("libs").resolve(builtJar.resolveSibling("libs").relativize(lib).toString()));
                    }
                }
                Commands.Result probe = Commands.run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar",
                        copy.resolve("gatehouse.jar").toString(), "account", "list", "--data-dir",
                        work.resolve("probe").toString()), Map.of(), null);
                if (probe.status() == 0) {
                    return copy.resolve("gatehouse.jar");
                }
            } catch (IOException beingRewritten) {
                // retried below
            }
            if (attempt == 6) {
                throw new HarnessException("no working Gatehouse jar in gatehouse-server/target (is another build rewriting it?)");
            }
            Log.info("the Gatehouse jar is being rewritten; retrying in 10 s");
            SystemProcess.sleep(Duration.ofSeconds(10));
        }
    }
}
