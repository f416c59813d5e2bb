package dev.gatehouse.store.sql;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The little that differs between the SQL databases Gatehouse supports. The statements in the
 * stores are portable (standard SQL plus {@code RETURNING}, which SQLite 3.35+ and PostgreSQL
 * share); what is not portable lives here and in the per-dialect migration scripts.
 */
enum SqlDialect {

    SQLITE("db/sqlite") {
        @Override
        boolean serializesWrites() {
            return true;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            // xerial leaves SQLState empty; the extended result code is the reliable signal.
            return e instanceof SQLiteException s
                    && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }
    };
    // PostgreSQL, when it comes: scripts in db/postgresql, SQLState 23505, and a
    // LOCK TABLE schema_version at the start of each migration (SQLite's IMMEDIATE
    // transactions already serialise migrating processes).

    private final String migrationFolder;

    SqlDialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Classpath folder of this dialect's V1.sql, V2.sql, ... */
    String migrationFolder() {
        return migrationFolder;
    }

    /** Whether writes of one process must queue in the process, because the database takes one writer at a time. */
    abstract boolean serializesWrites();

    /** Whether a statement failed because it would have duplicated a unique key. */
    abstract boolean isUniqueViolation(SQLException e);
}
