package dev.gatehouse.store.sql;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears of appends to the revocation log made by any node on the same PostgreSQL schema, as they
 * commit: each append announces itself with {@code NOTIFY} ({@link SqlDialect#appendRevocation()}),
 * and a follower {@code LISTEN}s on a connection of its own, outside the pool.
 *
 * <p>A notice only wakes followers early; they still read the log itself, and keep polling it.
 * So a notice lost while the connection is down (it is reopened after a second) costs only the
 * poll's delay, never an entry.
 */
public final class PostgresRevocationNotices {

    private static final System.Logger LOG = System.getLogger(PostgresRevocationNotices.class.getName());
    private static final int WAIT_MS = 1000;

    private final DataSource source;

    private PostgresRevocationNotices(DataSource source) {
        this.source = source;
    }

    /** Notices from the database of {@code jdbcUrl} (its current schema), connecting as {@link PostgresStores#open} does. */
    public static PostgresRevocationNotices of(String jdbcUrl, String user, String password) {
        return new PostgresRevocationNotices(PostgresStores.source(jdbcUrl, user, password));
    }

    /**
     * Calls {@code onAppended} with the number of each entry appended from now on, from a thread
     * of its own, until the returned handle is closed.
     */
    public AutoCloseable follow(LongConsumer onAppended) {
        Listener listener = new Listener(onAppended);
        listener.thread = Thread.ofVirtual().name("gatehouse-revocation-notices").start(listener);
        return listener;
    }

    private final class Listener implements Runnable, AutoCloseable {

        private final LongConsumer onAppended;
        private volatile boolean closed;
        private volatile Connection connection;
        private Thread thread;

        Listener(LongConsumer onAppended) {
            this.onAppended = onAppended;
        }

        @Override
        public void run() {
            while (!closed) {
                try (Connection c = source.getConnection()) {
                    connection = c;
                    listen(c);
                    PGConnection pg = c.unwrap(PGConnection.class);
                    while (!closed) {
                        PGNotification[] notices = pg.getNotifications(WAIT_MS);
                        if (notices != null) {
                            for (PGNotification notice : notices) {
                                onAppended.accept(seqOf(notice.getParameter()));
                            }
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.log(Level.WARNING, "revocation notices from PostgreSQL interrupted ("
                            + e.getClass().getSimpleName() + "); followers poll meanwhile; reconnecting in 1 s");
                    try {
                        Thread.sleep(WAIT_MS);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        private static void listen(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                String channel;
                try (ResultSet rs = s.executeQuery("SELECT " + SqlDialect.REVOCATION_CHANNEL)) {
                    rs.next();
                    channel = rs.getString(1);
                }
                // The channel is "gatehouse_revocations_" and hex digits: nothing to escape.
                s.execute("LISTEN \"" + channel + "\"");
            }
        }

        private static long seqOf(String payload) {
            try {
                return Long.parseLong(payload);
            } catch (NumberFormatException e) {
                return 0; // still a reason to look
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            Connection c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing is all that was wanted
                }
            }
            if (thread != null) {
                thread.join(2 * WAIT_MS);
            }
        }
    }
}
