package dev.gatehouse.store.sql;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The little that differs between the SQL databases Gatehouse supports. The statements in the
 * stores are portable (standard SQL plus {@code RETURNING}, which SQLite 3.35+ and PostgreSQL
 * share); what is not portable lives here and in the per-dialect migration scripts.
 *
 * <p>The one port whose SQL differs is the revocation log, because its promise is about commit
 * order across processes, which each database keeps in its own way; see
 * {@link #appendRevocation()}.
 */
enum SqlDialect {

    SQLITE("db/sqlite") {
        @Override
        boolean serializesWrites() {
            return true;
        }

        @Override
        boolean keepsStatements() {
            return true;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            // xerial leaves SQLState empty; the extended result code is the reliable signal.
            return e instanceof SQLiteException s
                    && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }

        @Override
        boolean isDiskFull(SQLException e) {
            // SQLITE_FULL, whatever extended code rides on it; SQLite rolls the statement back whole.
            return e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code;
        }

        @Override
        String appendRevocation() {
            // AUTOINCREMENT under SQLite's single writer: the number is assigned and committed
            // while no other connection or process can write, so numbers follow commit order.
            return "INSERT INTO revocations (" + REVOCATION_FIELDS + ") VALUES (?, ?, ?, ?) RETURNING seq";
        }

        @Override
        String lastRevocationSeq() {
            // The AUTOINCREMENT high-water mark; no row before the first insert.
            return "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'revocations'), 0) AS seq";
        }
    },

    POSTGRESQL("db/postgresql") {
        @Override
        boolean serializesWrites() {
            // Row-level locking and MVCC: concurrent writers are the database's business.
            return false;
        }

        @Override
        boolean keepsStatements() {
            // The driver keeps parsed and server-prepared statements per connection itself.
            return false;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        boolean isDiskFull(SQLException e) {
            return "53100".equals(e.getSQLState()); // disk_full
        }

        @Override
        String appendRevocation() {
            // A PostgreSQL sequence hands out numbers when rows are inserted, not when they
            // commit: with nodes appending at once, 8 can commit before 7, and a follower that
            // read after(6) in between would continue after 8 and never see 7. So the number
            // comes from a one-row counter that the statement itself increments: the row lock
            // of that UPDATE is held until the statement commits, so appends from every node
            // queue on it, each reads the number its predecessor committed, and numbers become
            // visible strictly in order. The same row is the high-water mark lastSeq reads,
            // which survives deleted entries and never shows the number of an append still in
            // flight (a sequence's last_value would). Revocations are sign-outs and admin
            // actions, rare enough that one queue costs nothing measurable.
            // The same statement announces the append (PostgresRevocationNotices): a NOTIFY is
            // delivered when the statement commits, so listeners never hear of an entry they
            // cannot read yet. The channel is per schema: one database may hold several.
            return "WITH next AS (UPDATE revocation_counter SET last_seq = last_seq + 1 RETURNING last_seq),"
                    + " appended AS (INSERT INTO revocations (seq, " + REVOCATION_FIELDS + ")"
                    + " SELECT last_seq, ?, ?, ?, ? FROM next RETURNING seq)"
                    + " SELECT seq, pg_notify(" + REVOCATION_CHANNEL + ", seq::text) AS announced FROM appended";
        }

        @Override
        String lastRevocationSeq() {
            return "SELECT last_seq AS seq FROM revocation_counter";
        }
    };

    /** The columns of a revocation besides its sequence number, in the order the stores bind them. */
    static final String REVOCATION_FIELDS = "kind, id, revoked_at, forget_after";

    /** PostgreSQL: the NOTIFY channel of appends to the log in the current schema (a plain identifier). */
    static final String REVOCATION_CHANNEL = "'gatehouse_revocations_' || md5(current_schema())";

    private final String migrationFolder;

    SqlDialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Classpath folder of this dialect's Flyway scripts, V1.sql, V2.sql, ... */
    String migrationFolder() {
        return migrationFolder;
    }

    /** Whether writes of one process must queue in the process, because the database takes one writer at a time. */
    abstract boolean serializesWrites();

    /**
     * Whether {@link Database} keeps prepared statements per connection, because the driver
     * prepares (and reads the result columns of) every statement anew.
     */
    abstract boolean keepsStatements();

    /** Whether a statement failed because it would have duplicated a unique key. */
    abstract boolean isUniqueViolation(SQLException e);

    /** Whether a statement failed because the database's disk is full: an operator must free space. */
    abstract boolean isDiskFull(SQLException e);

    /**
     * Inserts a revocation, binding {@link #REVOCATION_FIELDS}, and returns its {@code seq}; the
     * numbers must increase in commit order, whatever the number of appending processes.
     */
    abstract String appendRevocation();

    /** One row, column {@code seq}: the highest number ever appended, 0 if none, even if deleted since. */
    abstract String lastRevocationSeq();
}
