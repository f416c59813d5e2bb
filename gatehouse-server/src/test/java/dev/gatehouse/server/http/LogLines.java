package dev.gatehouse.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.gatehouse.server.log.LogConfiguration;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The lines written by one logger while this is open, encoded as the server writes them
 * ({@link LogConfiguration#recordEncoder}), without the line break. Access-log lines are written once a response has been sent, so a test
 * may see the response a moment before the line: {@link #awaitCount} waits for them.
 */
final class LogLines implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> previousLevels = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    /** What was logged with a stack trace: the thrown exceptions' class names. */
    private final List<String> thrown = new ArrayList<>();
    private final Encoder<ILoggingEvent> encoder;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8).stripTrailing();
            synchronized (messages) {
                messages.add(line);
                if (event.getThrowableProxy() != null) {
                    thrown.add(event.getThrowableProxy().getClassName());
                }
            }
        }
    };

    LogLines(String... loggerNames) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        encoder = LogConfiguration.recordEncoder(context);
        appender.setContext(context);
        appender.start();
        for (String name : loggerNames) {
            Logger logger = context.getLogger(name);
            loggers.add(logger);
            previousLevels.add(logger.getLevel());
            logger.setLevel(Level.INFO); // other tests in this JVM may have configured a quieter level
            logger.addAppender(appender);
        }
    }

    /** Every line the server writes: the root logger's and those of the loggers that do not pass theirs up. */
    static LogLines everything() {
        List<String> names = new ArrayList<>(LogConfiguration.RECORD_LOGGERS);
        names.add(Logger.ROOT_LOGGER_NAME);
        return new LogLines(names.toArray(String[]::new));
    }

    List<String> lines() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The class names of the exceptions (stack traces) logged with the lines. */
    List<String> thrown() {
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
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(previousLevels.get(i));
        }
        appender.stop();
    }
}
