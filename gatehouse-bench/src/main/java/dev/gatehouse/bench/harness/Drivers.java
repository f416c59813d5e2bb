package dev.gatehouse.bench.harness;

import dev.gatehouse.bench.harness.Report.HashCost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The two measurements that wrk cannot make, done by the single-file programs in bench/peers: refresh
 * rotation ({@code RefreshRotation.java}: each lineage must stay on its own sequence of tokens) and
 * one password hash's time ({@code HashTime.java}, with the measured Gatehouse jar on its class path).
 * Each runs in a JVM of its own, like wrk, beside the system under test; each prints one line.
 */
final class Drivers {

    private final Settings settings;

    Drivers(Settings settings) {
        this.settings = settings;
    }

    /**
     * S4: refresh rotation of every lineage in {@code tokens} (one refresh token a line) through
     * {@code tokenUrl}, for the warm-up and then the measured duration.
     */
    Measurement refresh(Scenario scenario, String tokenUrl, Path tokens, String basicAuth) {
        String load = Machine.loadAverage(1);
        Commands.Result result = Commands.run(List.of(settings.java().toString(),
                settings.peers().resolve("RefreshRotation.java").toString(), tokenUrl, tokens.toString(),
                Integer.toString(settings.durationSeconds()), Integer.toString(settings.warmupSeconds())),
                Map.of("BASIC_AUTH", basicAuth), null);
        List<String> lines = result.output().lines().filter(l -> !l.startsWith("lineage stopped")).toList();
        if (result.status() != 0 || lines.isEmpty()) {
            throw new HarnessException("the refresh driver failed: " + Commands.tail(result.output(), 3));
        }
        Measurement m = Measurement.ofRefreshDriver(lines.getLast(), load);
        Log.info("  " + scenario.key() + ": " + ReportWriter.format(m.rate(), 1) + " req/s, p50 "
                + ReportWriter.format(m.p50Ms(), 2) + " ms, p99 " + ReportWriter.format(m.p99Ms(), 2)
                + " ms, failures " + m.errors());
        return m;
    }

    /** S3's basis: the median of 20 checks on one thread, and the checks/s of one thread per core. */
    HashCost hashTime(Path gatehouseJar, int cores) {
        String line = Commands.require(List.of(settings.java().toString(), "-cp", gatehouseJar.toString(),
                settings.peers().resolve("HashTime.java").toString(), "20"), Map.of(), null).strip();
        String[] f = line.lines().reduce((a, b) -> b).orElse("").split("\\s+");
        if (f.length != 2) {
            throw new HarnessException("HashTime printed no result: " + line);
        }
        return new HashCost(Double.parseDouble(f[0]), Double.parseDouble(f[1]), cores);
    }
}
