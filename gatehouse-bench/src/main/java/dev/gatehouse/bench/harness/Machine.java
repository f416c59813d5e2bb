package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run was made on, as the report's first lines describe it, and its load average,
 * which the report records beside every measured run (a shared machine is noisy).
 */
record Machine(int cores, String cpuModel, String memory, String kernel, String jdk, String wrk) {

    /** This machine; {@code java} is the JDK the systems run on. */
    static Machine describe(Path java) {
        String cpu = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        String memory = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                .findFirst().orElse("unknown memory");
        String jdk = Commands.output(List.of(java.toString(), "-version")).lines().findFirst().orElse("unknown JDK");
        String wrk = Commands.output(List.of("wrk", "-v")).lines().findFirst()
                .map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, Math.min(2, l.split("\\s+").length))))
                .orElse("unknown wrk");
        return new Machine(Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), jdk, wrk);
    }

    /** The first {@code fields} fields of {@code /proc/loadavg} (1, 5 and 15 minutes), joined by spaces. */
    static String loadAverage(int fields) {
        String[] all = read("/proc/loadavg").strip().split("\\s+");
        return String.join(" ", List.of(all).subList(0, Math.min(fields, all.length)));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
