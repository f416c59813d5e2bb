package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** wrk outputs recorded from real runs (socket-errors-seconds.txt written after wrk's format), beside the tests. */
final class Recorded {

    private Recorded() {
    }

    static String wrk(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("wrk/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output wrk/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
