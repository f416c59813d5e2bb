package dev.gatehouse.bench.harness;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Short commands run to their end: the CLI of a system under test, {@code git}, {@code ss}, version probes. */
final class Commands {

    private Commands() {
    }

    /** What the command printed (stdout and stderr together), whatever its exit status. */
    static String output(List<String> command) {
        return run(command, Map.of(), null).output();
    }

    /** Runs the command with {@code stdin} (may be null) as its input; fails unless it exits 0. */
    static String require(List<String> command, Map<String, String> env, String stdin) {
        Result result = run(command, env, stdin);
        if (result.status() != 0) {
            throw new HarnessException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " exited with " + result.status() + ": " + tail(result.output(), 5));
        }
        return result.output();
    }

    record Result(int status, String output) {
    }

    static Result run(List<String> command, Map<String, String> env, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (stdin == null) {
            builder.redirectInput(new File("/dev/null"));
        }
        try {
            Process process = builder.start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            return new Result(127, command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** The last {@code lines} lines of a text, for a failure message. */
    static String tail(String text, int lines) {
        List<String> all = text.strip().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
