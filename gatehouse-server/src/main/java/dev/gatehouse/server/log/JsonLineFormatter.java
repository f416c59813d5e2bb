package dev.gatehouse.server.log;

import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes the records of the access and audit loggers as they are (each message is already one
 * JSON object on one line), and hands every other record to the usual formatter.
 */
public final class JsonLineFormatter extends Formatter {

    /** The loggers whose messages are JSON lines. */
    public static final Set<String> JSON_LOGGERS = Set.of(AccessLog.LOGGER, EchoedAuditLog.LOGGER);

    private final Formatter others;

    public JsonLineFormatter(Formatter others) {
        this.others = others;
    }

    @Override
    public String format(LogRecord record) {
        if (record.getLoggerName() != null && JSON_LOGGERS.contains(record.getLoggerName())) {
            return record.getMessage() + "\n";
        }
        return others.format(record);
    }
}
