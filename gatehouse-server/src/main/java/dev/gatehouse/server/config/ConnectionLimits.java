package dev.gatehouse.server.config;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How much of the process a client can hold through the HTTP listener, and for how long. The web
 * server has no read timeout of its own: without the timeouts, a client sending one byte a minute
 * keeps its connection.
 *
 * <p>Every open connection takes a file descriptor. When the process runs out of them, the
 * listener's {@code accept} fails, and the web server takes any failure of {@code accept} for the
 * end of the listener: it closes the port while the process goes on running. So connections are
 * capped below the process's descriptor limit: beyond the cap, new connections wait in the
 * kernel's listen backlog, which takes no descriptor of ours, until one ends, and the timeouts make
 * sure one does.
 *
 * @param maxConnections connections served at once
 * @param readTimeout    how long a request's header section, and then its body, may take to arrive
 * @param idleTimeout    how long a connection may stay open with no request in progress; also how long a
 *                       request line may take
 */
public record ConnectionLimits(int maxConnections, Duration readTimeout, Duration idleTimeout) {

    /**
     * Descriptors kept for everything but client connections, at least: the JVM's own (about 100,
     * most of them jars), store connections, the SQLite files, logs. A quarter of a larger limit.
     */
    static final int RESERVED_DESCRIPTORS = 160;

    /** The cap where the platform does not tell the descriptor limit (not a Unix system). */
    static final int CONNECTIONS_WHEN_LIMIT_UNKNOWN = 10_000;

    private static final int MIN_CONNECTIONS = 16;

    /** The connection cap for a process allowed {@code descriptorLimit} open files (-1 when unknown). */
    public static int connectionsFor(long descriptorLimit) {
        if (descriptorLimit <= 0) {
            return CONNECTIONS_WHEN_LIMIT_UNKNOWN;
        }
        long reserve = Math.max(RESERVED_DESCRIPTORS, descriptorLimit / 4);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_CONNECTIONS, descriptorLimit - reserve));
    }

    /** This process's limit on open files, or -1 where the platform does not tell. */
    public static long descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
