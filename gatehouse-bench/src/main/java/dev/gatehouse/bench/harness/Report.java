package dev.gatehouse.bench.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one harness run found, as {@link ReportWriter} turns it into the generated section of
 * docs/benchmarks.md. The peers are optional: a run with {@code --gatehouse-only} has neither, and
 * their cells read {@code n/a}.
 */
record Report(Run run, Machine machine, HashCost hash, Map<Scenario, Measurement> measurements, Gatehouse gatehouse,
        Optional<Spring> spring, Optional<Keycloak> keycloak) {

    Report {
        measurements = Map.copyOf(measurements);
    }

    Optional<Measurement> measurement(Scenario scenario) {
        return Optional.ofNullable(measurements.get(scenario));
    }

    /** How the run was made: wrk's settings, its span and the machine's load before and after. */
    record Run(int threads, int connections, int warmupSeconds, int durationSeconds, long seconds, Instant date,
            String loadAtStart, String loadAtEnd, String gatehouseCommit, String gatehouseBuildNote,
            String keycloakVersion) {
    }

    /**
     * One password check's time at Gatehouse's default cost on one thread (median), and what
     * {@code cores} threads sustain together outside any server; the bound is cores ÷ one check.
     */
    record HashCost(double oneCheckMs, double parallelChecksPerSecond, int cores) {

        /** Logins per second the machine could do if hashing were all it did, to one decimal. */
        double bound() {
            return Math.round(cores * 1000 / oneCheckMs * 10) / 10.0;
        }

        /**
         * Time for a server to finish {@code connections} abandoned logins at this cost, with
         * margin: a server keeps hashing the logins of the connections a warm-up closed, and those
         * must not eat into the next measured run.
         */
        Duration loginDrain(int connections) {
            return Duration.ofSeconds((long) (connections * oneCheckMs * 2 / cores / 1000 + 3));
        }
    }

    /** S7 for one system: first start, measured restart (ms to the first 200), RSS, size on disk. */
    record StartUp(long firstStartMs, long restartMs, long idleRssMb, long loadedRssMb, long sizeBytes) {
    }

    /** Gatehouse's S7 and S8 facts; sizes are characters of the ASCII bodies and tokens. */
    record Gatehouse(StartUp startUp, long plainRestartMs, String alg, int accessBytes, String edAlg, int edAccessBytes,
            int refreshBytes, int loginBodyBytes, int refreshBodyBytes, int introspectionBodyBytes, int cookieBytes,
            int cookieLoginBodyBytes) {
    }

    /** The Spring peer's S7 facts, the versions in its jar and its session cookie's size. */
    record Spring(StartUp startUp, String versions, String sqliteVersion, int cookieBytes) {
    }

    /** Keycloak's S7 and S8 facts, its stored hash's parameters and whether it refused a reused refresh token. */
    record Keycloak(StartUp startUp, long zipBytes, String hashParams, boolean rotates, String alg, int accessBytes,
            int refreshBytes, int loginBodyBytes, int refreshBodyBytes, int introspectionBodyBytes) {
    }
}
