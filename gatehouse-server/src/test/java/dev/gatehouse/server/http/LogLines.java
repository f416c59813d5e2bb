package dev.gatehouse.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The messages written to one java.util.logging logger while it is open, as a log handler
 * would receive them. Access-log lines are written once a response has been sent, so a test
 * may see the response a moment before the line: {@link #awaitCount} waits for them.
 */
final class LogLines implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Logger logger;
    private final Level previousLevel;
    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> thrown = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (messages) {
                messages.add(record.getMessage());
                if (record.getThrown() != null) {
                    thrown.add(record.getThrown());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogLines(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO); // other tests in this JVM may have configured a quieter root
        logger.addHandler(handler);
    }

    List<String> lines() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The exceptions (stack traces) logged with the lines. */
    List<Throwable> thrown() {
        synchronized (messages) {
            return List.copyOf(thrown);
        }
    }

    /** The lines, once there are at least {@code count} of them (or after a few seconds, whatever there is). */
    List<String> awaitCount(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lines().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return lines();
    }

    static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
