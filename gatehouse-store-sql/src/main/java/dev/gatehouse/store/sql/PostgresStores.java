package dev.gatehouse.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.OAuthStores;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared store: every port on one PostgreSQL database, so that any number of Gatehouse nodes
 * can serve any request.
 *
 * <p>The same store classes as the embedded SQLite store run here; what differs is in
 * {@link SqlDialect#POSTGRESQL} and in the scripts under {@code db/postgresql}, applied on open
 * by {@link SchemaMigrations} (Flyway, under its advisory lock), so that nodes starting together
 * migrate once. Appends to the revocation log are announced to every node with {@code NOTIFY}
 * ({@link PostgresRevocationNotices}). The tables go into the connection's current schema: choose another than {@code public}
 * with {@code currentSchema=...} on the URL.
 *
 * <p>Hazards handled here, once, for every connection of the pool:
 * <ul>
 *   <li>PostgreSQL explains a unique violation with the duplicated value ("Key (token_hash)=(...)
 *       already exists"), and the driver copies that detail into its exception messages. The
 *       values are token and password hashes, and messages end up in logs, so the driver's
 *       {@code logServerErrorDetail} is forced off, whatever the URL says.</li>
 *   <li>The revocation log's ordering relies on READ COMMITTED, the default isolation level,
 *       which the pool also forces in case a server default says otherwise.</li>
 *   <li>Every wait is bounded, so that a database that is down, or a network path that silently
 *       drops packets, costs a request seconds and a 503, not a hung thread: a request waits at
 *       most {@link #CONNECTION_WAIT} for a pooled connection (the pool's own default is 30 s),
 *       a new connection is given as long to be opened, an idle one is checked within a second
 *       before it is lent, and the answer to a statement is awaited for the read timeout
 *       ({@code store.postgres.read-timeout}; the driver's default waits for ever). A connection
 *       that failed is dropped by the pool and replaced, so nothing stays poisoned once the
 *       database answers again. Schema migrations run on connections of their own, without the
 *       read timeout, since a migration may rightly take long.</li>
 * </ul>
 * The server may still write the detail into its own log: see {@code docs/scaling.md}.
 */
public final class PostgresStores {

    /** Connections per node. Each port method holds one only for one statement. */
    static final int POOL_SIZE = 10;
    /** Longest wait for a pooled connection, and for a new one to open: as Redis's connect timeout. */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);
    /** Longest check of an idle connection before it is lent. */
    static final Duration VALIDATION_WAIT = Duration.ofSeconds(1);
    /** The read timeout when none is given; as {@code store.postgres.read-timeout}'s default. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    private static final String URL_PREFIX = "jdbc:postgresql:";

    private PostgresStores() {
    }

    /**
     * Connects, brings the schema up to date, and returns the stores. Closing the returned
     * {@link Stores} closes the pool.
     *
     * @param jdbcUrl  a {@code jdbc:postgresql:} URL, for example
     *                 {@code jdbc:postgresql://db.internal:5432/gatehouse?sslmode=verify-full}
     * @param user     the database user
     * @param password its password; null for none (trust or certificate authentication)
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL, or user is missing
     * @throws StoreException when the database cannot be reached, or its schema cannot be migrated
     *                        or is newer than this code
     */
    public static Stores open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_READ_TIMEOUT);
    }

    /**
     * The same, waiting at most {@code readTimeout} (whole seconds, at least one) for the answer to
     * any one statement; past it, the statement fails with a {@link StoreException} and its
     * connection is dropped.
     */
    public static Stores open(String jdbcUrl, String user, String password, Duration readTimeout) {
        HikariDataSource pool = pool(jdbcUrl, user, password, readTimeout);
        try {
            new SchemaMigrations(source(jdbcUrl, user, password), SqlDialect.POSTGRESQL).migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Database db = new Database(pool, SqlDialect.POSTGRESQL);
        PostgresRevocationNotices notices = new PostgresRevocationNotices(source(jdbcUrl, user, password));
        return new Stores(new SqlAccountStore(db), new SqlSessionStore(db), new SqlAuditLog(db),
                new SqlSigningKeyStore(db), new SqlClientStore(db), new SqlRefreshTokenStore(db),
                new SqlRevocationLog(db), notices, new SqlAttemptCounter(db), new SqlFactorStore(db),
                new OAuthStores(new SqlGrantStore(db), new SqlConsentStore(db),
                        new SqlDeviceGrantStore(db), new SqlLogoutDeliveryStore(db)), () -> {
                    try {
                        notices.close();
                    } finally {
                        pool.close();
                    }
                });
    }

    /** The pool, connected (it fails here, not on first use, when the database is unreachable). */
    static HikariDataSource pool(String jdbcUrl, String user, String password) {
        return pool(jdbcUrl, user, password, DEFAULT_READ_TIMEOUT);
    }

    static HikariDataSource pool(String jdbcUrl, String user, String password, Duration readTimeout) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("a PostgreSQL JDBC URL starts with " + URL_PREFIX + ", was "
                    + (jdbcUrl == null ? "null" : "\"" + withoutParameters(jdbcUrl) + "\""));
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL user is required");
        }
        if (readTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the read timeout is at least 1 s, was " + readTimeout.toMillis() + " ms");
        }
        PGSimpleDataSource source = source(jdbcUrl, user, password);
        source.setSocketTimeout(Math.toIntExact(readTimeout.toSeconds()));

        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("gatehouse-postgresql");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis()); // also the driver's login timeout
        config.setValidationTimeout(VALIDATION_WAIT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("could not connect to PostgreSQL at " + withoutParameters(jdbcUrl)
                    + " as " + user, e);
        }
    }

    /** Unpooled connections to the database; the URL is checked as {@link #pool} does. */
    static PGSimpleDataSource source(String jdbcUrl, String user, String password) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        try {
            source.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the URL, parameters (a password) included.
            throw new IllegalArgumentException("not a valid PostgreSQL JDBC URL: " + withoutParameters(jdbcUrl));
        }
        // After setURL, so that a URL asking for the detail cannot switch it back on.
        source.setLogServerErrorDetail(false);
        source.setUser(user);
        source.setPassword(password);
        source.setApplicationName("gatehouse");
        source.setConnectTimeout(Math.toIntExact(CONNECTION_WAIT.toSeconds()));
        source.setTcpKeepAlive(true);
        return source;
    }

    /** The URL without its query string, which may hold a password; for messages. */
    static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
