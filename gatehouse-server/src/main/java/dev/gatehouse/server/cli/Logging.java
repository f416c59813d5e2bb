package dev.gatehouse.server.cli;

import dev.gatehouse.server.log.AccessLog;
import dev.gatehouse.server.log.BatchedLineHandler;
import dev.gatehouse.server.log.JsonLineFormatter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One line per log record on standard error, at the configured level.
 *
 * <p>The access and audit loggers ({@code gatehouse.access}, {@code gatehouse.audit}) write
 * JSON lines, as they are. For the server they are written whatever the level: they are records
 * of what happened, not diagnostics (the access log has its own switch, {@code log.access}).
 * Management commands print results, not logs, so there they follow the level like the rest.
 *
 * <p>Libraries stay at INFO or above whatever the level: at debug levels the web server and the
 * connection pool log request headers and connection details, which would put cookies (session
 * tokens) into the log.
 */
public final class Logging {

    private static final String[] LIBRARIES = {"io.helidon", "com.zaxxer", "org.sqlite"};
    /** JUL holds loggers weakly; a logger whose level was set must be kept, or the level is lost. */
    private static final Set<Logger> PINNED = ConcurrentHashMap.newKeySet();

    private Logging() {
    }

    /**
     * Replaces the logging configuration.
     *
     * @param records whether the access and audit lines are written whatever the level (the server)
     */
    public static synchronized void configure(Level level, boolean records) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLineFormatter(new SimpleFormatter()));
        handler.setLevel(Level.ALL); // the loggers' levels decide
        root.addHandler(handler);
        root.setLevel(level);
        for (String library : LIBRARIES) {
            Logger logger = Logger.getLogger(library);
            logger.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
            PINNED.add(logger);
        }
        for (String json : JsonLineFormatter.JSON_LOGGERS) {
            Logger logger = Logger.getLogger(json);
            logger.setLevel(records ? Level.INFO : level);
            PINNED.add(logger);
        }
        Logger access = Logger.getLogger(AccessLog.LOGGER);
        access.setUseParentHandlers(!records);
        if (records) {
            // One line per request: batched instead of flushed one by one (see BatchedLineHandler).
            access.addHandler(new BatchedLineHandler(new JsonLineFormatter(new SimpleFormatter()), System.err,
                    Duration.ofMillis(200)));
        }
    }
}
