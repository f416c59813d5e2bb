package dev.gatehouse.bench.harness;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr, {@code [bench HH:mm:ss] ...}: stdout is kept for what a caller reads. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static void info(String message) {
        System.err.printf("[bench %s] %s%n", TIME.format(LocalTime.now()), message);
    }
}
