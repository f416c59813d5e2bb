package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The load harness behind bench/run.sh: Gatehouse measured side by side with its peers (the Spring
 * peer and Keycloak), in one run, on this machine, one system under load at a time; the results
 * replace the harness's own section of docs/benchmarks.md. bench/run.sh finds the JDK, installs
 * wrk, builds Gatehouse, this module and the Spring peer, fetches Keycloak, then runs this class
 * with its arguments (see {@link Settings}). With {@code --gatehouse-only} the peers are left out
 * and the section, their cells reading n/a, is printed instead of written (unless REPORT is set).
 *
 * <p>Progress goes to stderr. Every process started here is stopped on exit; the work folder
 * (wrk's outputs, the systems' logs) is removed after a run that succeeded and kept otherwise.
 */
public final class Harness {

    private static final DateTimeFormatter JAR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private Harness() {
    }

    public static void main(String[] args) throws IOException {
        Settings settings;
        try {
            settings = Settings.of(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("harness: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "gatehouse-bench.");
        try {
            run(settings, work);
            Sizes.delete(work);
        } catch (HarnessException | IllegalArgumentException e) {
            Log.info("FAILED: " + e.getMessage());
            Log.info("logs kept in " + work);
            System.exit(1);
        }
    }

    private static void run(Settings settings, Path work) throws IOException {
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage(3);
        Machine machine = Machine.describe(settings.java());
        Path builtJar = settings.root().resolve("gatehouse-server/target/gatehouse.jar");
        String buildNote = buildNote(settings.build(), builtJar);
        Path jar = GatehouseRun.snapshot(builtJar, work, settings.java());
        Wrk wrk = new Wrk(settings, work);
        Drivers drivers = new Drivers(settings);
        Map<Scenario, Measurement> measurements = new EnumMap<>(Scenario.class);
        Report.Gatehouse gatehouse;
        Optional<Report.Spring> spring = Optional.empty();
        Optional<Report.Keycloak> keycloak = Optional.empty();
        Report.HashCost hash;
        try (GatehouseRun gh = new GatehouseRun(settings, work, jar, wrk, drivers, measurements)) {
            gatehouse = gh.measure();
            hash = gh.hash();
            if (!settings.gatehouseOnly()) {
                spring = Optional.of(new SpringRun(settings, work, wrk)
                        .measure(measurements, gh.base(), gh.accessToken(), hash.loginDrain(settings.connections())));
            }
        }
        if (!settings.gatehouseOnly()) {
            keycloak = Optional.of(new KeycloakRun(settings, work, wrk, drivers)
                    .measure(measurements, hash.loginDrain(settings.connections())));
        }
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        Report.Run run = new Report.Run(settings.threads(), settings.connections(), settings.warmupSeconds(),
                settings.durationSeconds(), seconds, Instant.now(), loadAtStart, Machine.loadAverage(3),
                commit(settings.root()), buildNote, settings.keycloakVersion());
        String section = ReportWriter.render(new Report(run, machine, hash, measurements, gatehouse, spring, keycloak));
        if (settings.report().isPresent()) {
            ReportFile.write(settings.report().get(), section);
            Log.info("done in " + seconds + " s: results in " + settings.root().relativize(settings.report().get()));
        } else {
            System.out.print(section);
            Log.info("done in " + seconds + " s (peers left out; docs/benchmarks.md untouched)");
        }
    }

    private static String buildNote(String build, Path jar) throws IOException {
        if (build.equals("built")) {
            return "built by this run";
        }
        FileTime time = Files.getLastModifiedTime(jar);
        String when = JAR_TIME.format(time.toInstant());
        return build.equals("skipped") ? "existing jar of " + when + " (SKIP_BUILD=1)"
                : "the build failed; existing jar of " + when;
    }

    /** The short commit, marked when Gatehouse's own sources differ from it. */
    private static String commit(Path root) {
        String commit = Commands.output(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")).strip();
        String changes = Commands.output(List.of("git", "-C", root.toString(), "status", "--porcelain", "--",
                "gatehouse-core", "gatehouse-store-sql", "gatehouse-server", "pom.xml")).strip();
        return changes.isEmpty() ? commit : commit + " + uncommitted changes";
    }
}
