package dev.gatehouse.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How bench/run.sh asked for the run: the environment variables it documents (DURATION, WARMUP,
 * CONNECTIONS, THREADS, KEYCLOAK_VERSION, GATEHOUSE_BENCH_CACHE, REPORT) and its arguments
 * ({@code --root DIR}, {@code --build built|skipped|failed}, {@code --gatehouse-only}). Each value is
 * checked here, once, before anything starts.
 *
 * @param report where the section goes; empty with {@code --gatehouse-only} and no REPORT: printed instead
 */
record Settings(Path root, Path java, int durationSeconds, int warmupSeconds, int connections, int threads,
        String keycloakVersion, Path cache, Optional<Path> report, boolean gatehouseOnly, String build) {

    static final String USERNAME = "bench";
    static final String PASSWORD = "a long benchmark passphrase";
    static final String CLIENT_SECRET = "benchmark-client-secret-0123456789abcdef";

    static Settings of(List<String> args, Map<String, String> env) {
        Path root = null;
        String build = "built";
        boolean gatehouseOnly = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--root" -> root = Path.of(args.get(++i)).toAbsolutePath();
                case "--build" -> build = args.get(++i);
                case "--gatehouse-only" -> gatehouseOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args.get(i)
                        + "; known: --root DIR, --build built|skipped|failed, --gatehouse-only");
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("--root DIR (the Gatehouse work tree) is needed");
        }
        if (!List.of("built", "skipped", "failed").contains(build)) {
            throw new IllegalArgumentException("--build is built, skipped or failed, not " + build);
        }
        Path cache = Optional.ofNullable(env.get("GATEHOUSE_BENCH_CACHE")).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "gatehouse-bench"));
        Optional<String> asked = Optional.ofNullable(env.get("REPORT")).filter(r -> !r.isEmpty());
        Path report = asked.map(r -> Path.of(r).toAbsolutePath()).orElse(root.resolve("docs/benchmarks.md"));
        boolean printOnly = gatehouseOnly && asked.isEmpty();
        return new Settings(root, Path.of(System.getProperty("java.home"), "bin", "java"),
                positive(env, "DURATION", 15), positive(env, "WARMUP", 5), positive(env, "CONNECTIONS", 64),
                positive(env, "THREADS", 1), env.getOrDefault("KEYCLOAK_VERSION", "26.5.6"), cache,
                printOnly ? Optional.empty() : Optional.of(report), gatehouseOnly, build);
    }

    Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    Path peers() {
        return root.resolve("bench").resolve("peers");
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " is a whole number above 0, not " + value);
    }
}
