package dev.gatehouse.server.log;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import java.math.BigDecimal;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the logger {@value #LOGGER}.
 *
 * <p>What a line holds is fixed here, and chosen so that no secret can reach it: the route
 * <em>template</em> instead of the path (no ids, no query strings, so no token in a query
 * either), no headers but a truncated user agent, never a cookie or a body. The fields go as
 * structured arguments; {@link LogConfiguration} writes them, in this order, as one JSON object.
 */
public final class AccessLog {

    public static final String LOGGER = "gatehouse.access";
    static final int USER_AGENT_MAX = 200;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** Whether a line would be written at all; check before gathering its fields. */
    public boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /**
     * Writes the line of one request.
     *
     * @param route the route template, or {@code unmatched}
     */
    public void log(Instant at, String requestId, String method, String route, int status, long nanos,
                    String client, String userAgent) {
        String agent = userAgent == null || userAgent.length() <= USER_AGENT_MAX
                ? userAgent : userAgent.substring(0, USER_AGENT_MAX);
        LOG.info("request", keyValue("time", at.toString()), keyValue("request_id", requestId),
                keyValue("method", method), keyValue("route", route), keyValue("status", status),
                keyValue("duration_ms", millis(nanos)), keyValue("client", client), keyValue("user_agent", agent));
    }

    /** Milliseconds with microsecond precision, written as a plain number such as {@code 0.125}. */
    static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(Math.max(0, nanos / 1000), 3);
    }
}
