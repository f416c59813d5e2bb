package dev.gatehouse.server.log;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One JSON line per request on the logger {@value #LOGGER}.
 *
 * <p>What a line holds is fixed here, and chosen so that no secret can reach it: the route
 * <em>template</em> instead of the path (no ids, no query strings, so no token in a query
 * either), no headers but a truncated user agent, never a cookie or a body.
 */
public final class AccessLog {

    public static final String LOGGER = "gatehouse.access";
    static final int USER_AGENT_MAX = 200;
    private static final Logger LOG = Logger.getLogger(LOGGER);

    /** Whether a line would be written at all; check before gathering its fields. */
    public boolean enabled() {
        return LOG.isLoggable(Level.INFO);
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
        LOG.log(Level.INFO, new JsonLine()
                .field("time", at.toString())
                .field("request_id", requestId)
                .field("method", method)
                .field("route", route)
                .field("status", status)
                .millis("duration_ms", nanos)
                .field("client", client)
                .field("user_agent", agent)
                .toString());
    }
}
