package dev.gatehouse.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.OAuthStores;
import dev.gatehouse.core.revocation.InProcessRevocationNotices;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file, {@value #FILE_NAME}, in the data directory.
 *
 * <p>The file holds password hashes and session token hashes, so it is created owner-only
 * ({@code rw-------}, in an {@code rwx------} directory when the directory is new) before SQLite
 * first opens it; SQLite creates its {@code -wal} and {@code -shm} files with the same
 * permissions as the database. Existing files and directories are left as they are, because an
 * operator may have widened them on purpose (a backup group, say).
 *
 * <p>Connections use write-ahead logging, so readers never wait for the writer; a writer waits
 * up to {@value #BUSY_TIMEOUT_MS} ms for another. Transactions begin IMMEDIATE, taking the write
 * lock at the start, so the few that read before writing (migrations: Flyway reads its history,
 * then applies a script) never fail half-way with a snapshot conflict, and processes migrating at
 * once apply each script once. The pool is small because SQLite has one writer at a time anyway.
 *
 * <p>Revocation notices are delivered in this process, for appends made through these stores
 * ({@link InProcessRevocationNotices}); an append by another process on the same file (a command
 * line run beside the server) is not announced, and followers find it at their next poll.
 */
public final class SqliteStores {

    /** The database file inside the data directory. */
    public static final String FILE_NAME = "gatehouse.db";

    static final int POOL_SIZE = 4;
    static final int BUSY_TIMEOUT_MS = 5000;

    private SqliteStores() {
    }

    /**
     * Opens (creating if needed) the database in {@code dataDirectory}, brings its schema up to
     * date, and returns the stores on it. Closing the returned {@link Stores} closes the pool.
     *
     * @throws StoreException when the directory or file cannot be created, the database cannot be
     *                        opened, or its schema is newer than this code
     */
    public static Stores open(Path dataDirectory) {
        Path file = createFiles(dataDirectory);
        HikariDataSource pool = pool(file);
        try {
            new SchemaMigrations(pool, SqlDialect.SQLITE).migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Database db = new Database(pool, SqlDialect.SQLITE);
        InProcessRevocationNotices notices = new InProcessRevocationNotices();
        return new Stores(new SqlAccountStore(db), new SqlSessionStore(db), new SqlAuditLog(db),
                new SqlSigningKeyStore(db), new SqlClientStore(db), new SqlRefreshTokenStore(db),
                notices.announcing(new SqlRevocationLog(db)), notices, new SqlAttemptCounter(db), new SqlFactorStore(db),
                new OAuthStores(new SqlGrantStore(db), new SqlConsentStore(db),
                        new SqlDeviceGrantStore(db), new SqlLogoutDeliveryStore(db)), pool::close);
    }

    /** Creates the directory and an empty database file, owner-only, unless they exist. */
    static Path createFiles(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dataDirectory)) {
                Files.createDirectories(dataDirectory, posix ? permissions("rwx------") : new FileAttribute<?>[0]);
            }
            try {
                Files.createFile(file, posix ? permissions("rw-------") : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException e) {
                // Reopening an existing database: the normal case after the first start.
            }
        } catch (IOException e) {
            throw new StoreException("could not create the database file " + file, e);
        }
        return file;
    }

    /** The pool; every connection it opens gets the PRAGMAs above. */
    static HikariDataSource pool(Path file) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());

        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("gatehouse-sqlite");
        config.setMaximumPoolSize(POOL_SIZE);
        // A connection to a local file never goes stale; keeping it keeps its prepared statements.
        config.setMaxLifetime(0);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("could not open the SQLite database " + file, e);
        }
    }

    private static FileAttribute<?>[] permissions(String spec) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(spec))};
    }
}
