package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load generator: {@code wrk -tT -cC --timeout 10s}, a warm-up run (discarded) and then the
 * measured run with {@code --latency}, whose output is kept in the work folder and parsed by
 * {@link WrkOutput}. Request bodies and headers that need a script come from
 * {@code bench/peers/post.lua}, configured through the environment (BODY, CONTENT_TYPE,
 * AUTHORIZATION).
 */
final class Wrk {

    private final Settings settings;
    private final Path work;

    Wrk(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /** A POST of {@code body} by {@code post.lua}, which counts 200s and 503s apart. */
    record Post(String body, String contentType, String authorization) {

        Map<String, String> env() {
            return Map.of("BODY", body, "CONTENT_TYPE", contentType, "AUTHORIZATION", authorization);
        }
    }

    /**
     * Measures {@code url}: warm-up, then {@code drain} of rest (a server keeps hashing the logins
     * of the connections the warm-up closed, and those must not eat into the measured run), then
     * the measured run.
     */
    Measurement measure(Scenario scenario, String url, Duration drain, Post post, String... headers) {
        List<String> args = arguments(post, headers);
        run(command(settings.warmup(), false, args, url), post, Path.of("/dev/null"));
        SystemProcess.sleep(drain);
        String load = Machine.loadAverage(1);
        Path output = work.resolve("wrk-" + scenario.key() + ".txt");
        int status = run(command(settings.duration(), true, args, url), post, output);
        String text = read(output);
        if (status != 0) {
            throw new HarnessException("wrk failed for " + scenario.key() + ": " + text);
        }
        Measurement m = Measurement.ofWrk(WrkOutput.parse(text), load);
        Log.info("  " + scenario.key() + " (load " + load + "): " + ReportWriter.format(m.rate(), m.rateDecimals())
                + " req/s, p50 " + ReportWriter.format(m.p50Ms(), 2) + " ms, p99 " + ReportWriter.format(m.p99Ms(), 2)
                + " ms, errors " + m.errors() + m.logins().map(s -> ", 200s " + ReportWriter.format(s.okPerSecond(), 1)
                + "/s, 503s " + s.busy()).orElse(""));
        return m;
    }

    /** GETs of {@code url} with the given headers ({@code Name: value}), no script. */
    Measurement measure(Scenario scenario, String url, String... headers) {
        return measure(scenario, url, Duration.ZERO, null, headers);
    }

    /**
     * S6: logins posted by {@code flood} at as many connections for the whole of a measurement of
     * {@code verifyUrl}; returns the measurement, and the flood's own as {@code floodScenario}.
     */
    List<Measurement> measureUnderFlood(Scenario scenario, Scenario floodScenario, String verifyUrl, String loginUrl,
            Duration drain, Post flood, String... headers) {
        SystemProcess.sleep(drain); // the logins of the previous run's closed connections
        Duration floodLength = settings.warmup().plus(drain).plus(settings.duration()).plusSeconds(4);
        Path floodOutput = work.resolve("wrk-" + floodScenario.key() + ".txt");
        List<String> floodCommand = new ArrayList<>(List.of("wrk", "-t1", "-c" + settings.connections(),
                "-d" + floodLength.toSeconds() + "s", "--timeout", "10s", "--latency"));
        floodCommand.addAll(arguments(flood));
        floodCommand.add(loginUrl);
        Process floodProcess = launch(floodCommand, flood, floodOutput);
        SystemProcess.sleep(Duration.ofSeconds(2));
        Measurement verify = measure(scenario, verifyUrl, drain, null, headers);
        try {
            floodProcess.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during the login flood", e);
        }
        String text = read(floodOutput);
        Measurement logins = Measurement.ofLogins(WrkOutput.statuses(text));
        Log.info("  " + floodScenario.key() + " (concurrent logins): "
                + logins.logins().map(s -> ReportWriter.format(s.okPerSecond(), 1) + " 200s/s, 503s " + s.busy())
                        .orElse("no STATUS line"));
        return List.of(verify, logins);
    }

    private List<String> arguments(Post post, String... headers) {
        List<String> args = new ArrayList<>();
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        if (post != null) {
            args.add("-s");
            args.add(settings.peers().resolve("post.lua").toString());
        }
        return args;
    }

    private List<String> command(Duration length, boolean latency, List<String> args, String url) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + settings.threads(), "-c" + settings.connections(),
                "-d" + length.toSeconds() + "s", "--timeout", "10s"));
        if (latency) {
            command.add("--latency");
        }
        command.addAll(args);
        command.add(url);
        return command;
    }

    private static int run(List<String> command, Post post, Path output) {
        try {
            return launch(command, post, output).waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while wrk ran", e);
        }
    }

    private static Process launch(List<String> command, Post post, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (post != null) {
            builder.environment().putAll(post.env());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new HarnessException("wrk could not be started: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new HarnessException("cannot read " + file, e);
        }
    }
}
