package dev.gatehouse.bench.harness;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code wrk --latency} prints: requests per second, the 50th and 99th percentile
 * latencies, the errors (non-2xx answers plus socket errors) and, when the run used
 * {@code bench/peers/post.lua}, its {@code STATUS} line counting 200s and 503s apart.
 *
 * <p>wrk prints a latency with its own unit ({@code 850.00us}, {@code 1.20ms}, {@code 2.01s},
 * {@code 1.50m}); every latency here is turned into milliseconds.
 */
final class WrkOutput {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern STATUS = Pattern.compile(
            "^STATUS ok=(\\d+) busy=(\\d+) other=(\\d+) seconds=([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern LATENCY = Pattern.compile("([0-9.]+)(us|ms|s|m)");

    private WrkOutput() {
    }

    /** What one wrk run reports; latencies in milliseconds. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long errors, Optional<StatusCounts> statuses) {
    }

    /**
     * The answers counted by status by {@code post.lua}: a login refused with 503 (Gatehouse's
     * hashing queue is full) must not count as a login.
     */
    record StatusCounts(long ok, long busy, long other, double seconds) {

        /** 200s per second, to one decimal as the report shows it (0 if wrk measured no time). */
        double okPerSecond() {
            return seconds > 0 ? Math.round(ok / seconds * 10) / 10.0 : 0;
        }
    }

    /** Parses the whole output of one run; fails if it holds no request rate or percentiles. */
    static Result parse(String output) {
        double rate = Double.parseDouble(required(REQUESTS_PER_SECOND, output, "a Requests/sec line"));
        double p50 = toMillis(required(percentile("50%"), output, "a 50% latency (was --latency given?)"));
        double p99 = toMillis(required(percentile("99%"), output, "a 99% latency (was --latency given?)"));
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Result(rate, p50, p99, errors, statuses(output));
    }

    /** The {@code STATUS} line of {@code post.lua}, if the run printed one. */
    static Optional<StatusCounts> statuses(String output) {
        Matcher m = STATUS.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new StatusCounts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Double.parseDouble(m.group(4))));
    }

    /** A wrk latency ({@code 850.00us}, {@code 1.20ms}, {@code 2.01s}, {@code 1.50m}) in milliseconds. */
    static double toMillis(String latency) {
        Matcher m = LATENCY.matcher(latency);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a wrk latency: " + latency);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }

    private static Pattern percentile(String which) {
        return Pattern.compile("^\\s*" + which + "\\s+(\\S+)", Pattern.MULTILINE);
    }

    private static String required(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("wrk printed no " + what + ":\n" + output);
        }
        return m.group(1);
    }
}
