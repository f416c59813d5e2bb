package dev.gatehouse.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.gatehouse.server.log.LogConfiguration;
import org.slf4j.LoggerFactory;

/**
 * Sets the log levels of a command; the appenders are {@link LogConfiguration}'s.
 *
 * <p>The access and audit loggers ({@code gatehouse.access}, {@code gatehouse.audit}) write
 * JSON lines. For the server they are written whatever the level: they are records of what
 * happened, not diagnostics (the access log has its own switch, {@code log.access}).
 * Management commands print results, not logs, so there they follow the level like the rest.
 *
 * <p>Libraries stay at INFO or above whatever the level: at debug levels the web server and the
 * connection pool log request headers and connection details, which would put cookies (session
 * tokens) into the log.
 */
public final class Logging {

    private static final String[] LIBRARIES = {"io.helidon", "com.zaxxer", "org.sqlite", "org.flywaydb", "io.lettuce",
            "io.netty"};

    private Logging() {
    }

    /**
     * Sets the levels, unless an operator's own Logback file configured logging (then it decides).
     *
     * @param records whether the access and audit lines are written whatever the level (the server)
     */
    public static synchronized void configure(System.Logger.Level level, boolean records) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || !LogConfiguration.owns(context)) {
            return;
        }
        Level chosen = logback(level);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(chosen);
        for (String library : LIBRARIES) {
            context.getLogger(library).setLevel(chosen.isGreaterOrEqual(Level.INFO) ? chosen : Level.INFO);
        }
        for (String name : LogConfiguration.RECORD_LOGGERS) {
            context.getLogger(name).setLevel(records ? Level.INFO : chosen);
        }
    }

    /** Writes the lines still queued; logging ends. For the end of the process. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            LogConfiguration.stop(context);
        }
    }

    static Level logback(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARN;
            case ERROR -> Level.ERROR;
            case OFF -> Level.OFF;
        };
    }
}
