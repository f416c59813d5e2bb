package dev.gatehouse.store.sql;

import dev.gatehouse.core.oidc.Grant;
import dev.gatehouse.core.oidc.GrantStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link GrantStore} on a SQL database (table {@code grants}, db/.../V9.sql).
 *
 * <p>Each method is one statement. The session id is the primary key and the code hash has a
 * unique index, so a second grant for either is refused by the database, not by a look-up before
 * the insert. Moving grants to a new parent is one UPDATE, so a grant started from the old parent
 * while the step-up ran is moved with the rest or was started from the new one; none is left
 * behind on a session that is about to end.
 */
public final class SqlGrantStore implements GrantStore {

    private static final String COLUMNS = "session_id, parent_session_id, client_id, account_id, scope, created_at,"
            + " code_hash";
    /** Oldest first; the session id breaks ties the same way on every database (code-point order). */
    private static final String OLDEST_FIRST = " ORDER BY created_at, session_id";

    private final Database db;

    SqlGrantStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Grant g) {
        boolean inserted = db.insertUnlessDuplicate("record a grant",
                "INSERT INTO grants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", g.sessionId(), g.parentSessionId(),
                g.clientId(), g.accountId(), g.scope(), g.createdAt(), g.codeHash());
        if (!inserted) {
            throw new IllegalStateException("a grant with this session id or code hash exists");
        }
    }

    @Override
    public Optional<Grant> find(String sessionId) {
        return db.find("find a grant", "SELECT " + COLUMNS + " FROM grants WHERE session_id = ?", SqlGrantStore::grant,
                sessionId);
    }

    @Override
    public Optional<Grant> findByCode(String codeHash) {
        return db.find("find a grant by its code", "SELECT " + COLUMNS + " FROM grants WHERE code_hash = ?",
                SqlGrantStore::grant, codeHash);
    }

    @Override
    public List<Grant> startedFrom(String parentSessionId) {
        return db.list("list a session's grants", "SELECT " + COLUMNS + " FROM grants WHERE parent_session_id = ?"
                + OLDEST_FIRST, SqlGrantStore::grant, parentSessionId);
    }

    @Override
    public List<Grant> heldBy(String accountId, String clientId) {
        return db.list("list a client's grants", "SELECT " + COLUMNS + " FROM grants"
                + " WHERE account_id = ? AND client_id = ?" + OLDEST_FIRST, SqlGrantStore::grant, accountId, clientId);
    }

    @Override
    public int moveTo(String fromParent, String toParent) {
        return db.update("move grants to a new session", "UPDATE grants SET parent_session_id = ?"
                + " WHERE parent_session_id = ?", toParent, fromParent);
    }

    @Override
    public int deleteCreatedBefore(Instant cutoff) {
        return db.update("delete old grants", "DELETE FROM grants WHERE created_at < ?", cutoff);
    }

    private static Grant grant(ResultRow row) throws SQLException {
        return new Grant(row.text("session_id"), row.text("parent_session_id"), row.text("client_id"),
                row.text("account_id"), row.text("scope"), row.instant("created_at"), row.text("code_hash"));
    }
}
