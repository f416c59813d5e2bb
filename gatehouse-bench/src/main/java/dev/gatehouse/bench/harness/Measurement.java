package dev.gatehouse.bench.harness;

import dev.gatehouse.bench.harness.WrkOutput.StatusCounts;
import java.util.Optional;

/**
 * One measured scenario as the report shows it: the rate (whole requests/s from wrk, one decimal
 * from the refresh driver, kept as shown because the ratios are computed from the shown values),
 * the 50th and 99th percentile latencies in ms, the errors, the login counts when the scenario
 * posted logins, and the 1-minute load average when the measured run began.
 *
 * @param rate requests per second, already rounded to {@code rateDecimals}
 * @param p50Ms median latency; NaN when nothing was measured (shown as {@code -})
 * @param logins 200s and 503s, for the login scenarios
 * @param load the first field of {@code /proc/loadavg} when the measured run began ("" if none)
 */
record Measurement(double rate, int rateDecimals, double p50Ms, double p99Ms, long errors,
        Optional<StatusCounts> logins, String load) {

    /** A wrk run: the rate in whole requests per second, as the report has always shown it. */
    static Measurement ofWrk(WrkOutput.Result result, String load) {
        return new Measurement(Math.rint(result.requestsPerSecond()), 0, result.p50Ms(), result.p99Ms(),
                result.errors(), result.statuses(), load);
    }

    /** A login flood around an S6 run: only its counts of 200s and 503s are reported. */
    static Measurement ofLogins(Optional<StatusCounts> logins) {
        return new Measurement(0, 0, Double.NaN, Double.NaN, 0, logins, "");
    }

    /**
     * The one line printed by {@code bench/peers/RefreshRotation.java}: requests/s, p50 ms, p99 ms,
     * failures, mean response bytes ({@code -} for the latencies when no exchange succeeded).
     */
    static Measurement ofRefreshDriver(String line, String load) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4) {
            throw new IllegalArgumentException("the refresh driver printed no result line: " + line);
        }
        return new Measurement(Double.parseDouble(f[0]), 1, latency(f[1]), latency(f[2]), Long.parseLong(f[3]),
                Optional.empty(), load);
    }

    private static double latency(String field) {
        return field.equals("-") ? Double.NaN : Double.parseDouble(field);
    }
}
