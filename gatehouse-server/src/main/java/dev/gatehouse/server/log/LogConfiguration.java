package dev.gatehouse.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Gatehouse's Logback configuration, found by Logback as a service when it starts, written as code
 * so that start-up parses no XML.
 *
 * <p>Everything arrives here: SLF4J directly, {@link System.Logger} (Gatehouse's code, Helidon)
 * through SLF4J's platform-logging bridge, {@code java.util.logging} through its bridge handler.
 * Two streams, both on standard error: ordinary records one line each
 * ({@code 2026-01-01T12:00:00.000Z INFO logger: message}), and the records of the access and
 * audit loggers ({@link #RECORD_LOGGERS}) as one JSON object per line, exactly their structured
 * arguments ({@code StructuredArguments.keyValue}), nulls included. Those are encoded on the
 * request's thread into an in-memory buffer that is written out every {@value #FLUSH_MILLIS} ms,
 * when it fills, and when the context stops ({@link #stop}); no line is ever dropped. An
 * {@code AsyncAppender} was measured and is not used: handing each line to its worker thread woke
 * that thread once per request, which cost a fifth of the cookie checks' throughput on two cores
 * (docs/benchmarks.md).
 *
 * <p>Levels: INFO until the command line sets them (see {@code cli.Logging}). An operator who
 * wants other appenders names a Logback file with {@code -Dlogback.configurationFile=...}; this
 * configuration then stands aside entirely, levels included.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** The loggers whose records are JSON lines: records of what happened, not diagnostics. */
    public static final List<String> RECORD_LOGGERS = List.of(AccessLog.LOGGER, EchoedAuditLog.LOGGER);
    /** Set on a context configured here, so that the command line knows the levels are its to set. */
    static final String OWNED = "gatehouse.logging";
    private static final int BUFFER = 64 * 1024;
    private static final long FLUSH_MILLIS = 200;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // java.util.logging (the PostgreSQL driver logs there) joins the same appenders, at the same
        // levels: the propagator copies each level to JUL, so JUL drops what Logback would.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context, "console", plainEncoder(context)));

        OutputStreamAppender<ILoggingEvent> records = bufferedStandardError(context, recordEncoder(context));
        for (String name : RECORD_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.addAppender(records);
            logger.setAdditive(false);
        }
        context.putProperty(OWNED, "true");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether {@code context} was configured here (not by an operator's file). */
    public static boolean owns(LoggerContext context) {
        return context.getProperty(OWNED) != null;
    }

    /** Writes what is queued and stops logging: at the end of the process. */
    public static void stop(LoggerContext context) {
        context.stop();
    }

    /** One JSON object per line holding exactly the record's structured arguments, in their order. */
    public static Encoder<ILoggingEvent> recordEncoder(LoggerContext context) {
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        encoder.getProviders().addProvider(new ArgumentsJsonProvider()); // the structured ones only
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> plainEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %level %logger: %msg%n");
        encoder.start();
        return encoder;
    }

    /**
     * Standard error behind a buffer that is written out every {@value #FLUSH_MILLIS} ms (and
     * whenever it fills): one system call for many lines instead of one per line, which at
     * thousands of requests a second is a visible share of the server's CPU. Each line is one
     * write into the buffer, so lines never interleave mid-line with the other stream.
     */
    private static OutputStreamAppender<ILoggingEvent> bufferedStandardError(LoggerContext context,
                                                                           Encoder<ILoggingEvent> encoder) {
        BufferedOutputStream out = new BufferedOutputStream(System.err, BUFFER) {
            @Override
            public void close() throws IOException {
                flush(); // standard error stays open for whatever is still to be said
            }
        };
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("records-stderr");
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false);
        appender.setOutputStream(out);
        appender.start();
        context.getScheduledExecutorService()
                .scheduleWithFixedDelay(() -> flush(out), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        return appender;
    }

    private static void flush(BufferedOutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            // standard error is gone: nothing left to tell
        }
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name,
                                                         Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
