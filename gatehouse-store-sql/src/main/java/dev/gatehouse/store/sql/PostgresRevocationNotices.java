package dev.gatehouse.store.sql;

import dev.gatehouse.core.revocation.InProcessRevocationNotices;
import dev.gatehouse.core.revocation.RevocationNotices;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link RevocationNotices} on PostgreSQL: each append announces itself with {@code NOTIFY} in
 * the statement that makes it ({@link SqlDialect#appendRevocation()}), so it is heard as it
 * commits, by every node on the same schema; this node {@code LISTEN}s on one connection of its
 * own, outside the pool, and hands each notice to its listeners.
 *
 * <p>The connection is opened by the first subscription (a node that never follows the log, a
 * command line run, holds none) and kept until the stores close. The first {@code LISTEN} runs
 * before {@code subscribe} returns, so appends from then on are heard; if the database cannot be
 * reached, or the connection drops later, a thread of its own reconnects every second. Notices
 * sent meanwhile are lost, which costs followers only their poll's delay, never an entry.
 */
final class PostgresRevocationNotices implements RevocationNotices, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresRevocationNotices.class.getName());
    private static final int WAIT_MS = 1000;

    private final DataSource source;
    private final InProcessRevocationNotices listeners = new InProcessRevocationNotices();
    private Thread thread; // guarded by this; started by the first subscription
    private volatile Connection connection;
    private volatile boolean closed;

    /** @param source unpooled connections to the schema whose appends to hear */
    PostgresRevocationNotices(DataSource source) {
        this.source = source;
    }

    @Override
    public Subscription subscribe(Listener listener) {
        Subscription subscription = listeners.subscribe(listener);
        startListening();
        return subscription;
    }

    private synchronized void startListening() {
        if (thread != null || closed) {
            return;
        }
        Connection first;
        try {
            first = listeningConnection();
        } catch (SQLException | RuntimeException e) {
            warn(e);
            first = null;
        }
        Connection listening = first;
        thread = Thread.ofVirtual().name("gatehouse-revocation-notices").start(() -> listenUntilClosed(listening));
    }

    private void listenUntilClosed(Connection first) {
        Connection c = first;
        while (!closed) {
            try {
                if (c == null) {
                    c = listeningConnection();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = pg.getNotifications(WAIT_MS);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            listeners.announce(seqOf(notice.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                warn(e);
                closeQuietly(c);
                c = null;
                try {
                    Thread.sleep(WAIT_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        closeQuietly(c);
    }

    /** A new connection that listens on this schema's channel; kept where {@link #close} can reach it. */
    private Connection listeningConnection() throws SQLException {
        Connection c = source.getConnection();
        try (Statement s = c.createStatement()) {
            String channel;
            try (ResultSet rs = s.executeQuery("SELECT " + SqlDialect.REVOCATION_CHANNEL)) {
                rs.next();
                channel = rs.getString(1);
            }
            // The channel is "gatehouse_revocations_" and hex digits: nothing to escape.
            s.execute("LISTEN \"" + channel + "\"");
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        connection = c;
        if (closed) { // closed while connecting: close() may have missed this connection
            closeQuietly(c);
        }
        return c;
    }

    private static void warn(Exception e) {
        LOG.log(Level.WARNING, "revocation notices from PostgreSQL interrupted (" + e.getClass().getSimpleName()
                + "); followers poll meanwhile; reconnecting in 1 s");
    }

    private static long seqOf(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return UNKNOWN_SEQ; // still a reason to look
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing is all that was wanted
            }
        }
    }

    /** Stops listening and closes the connection; called when the stores close. */
    @Override
    public void close() {
        Thread listening;
        synchronized (this) {
            closed = true;
            listening = thread;
        }
        closeQuietly(connection);
        if (listening != null) {
            try {
                listening.join(2 * WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
