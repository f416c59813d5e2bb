package dev.gatehouse.store.sql;

import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.oidc.ConsentStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link ConsentStore} on a SQL database (table {@code consents}, db/.../V9.sql).
 *
 * <p>Storing a consent is one upsert on the (account, client) key, so of two approvals racing on
 * two nodes the later write wins whole; neither fails, and no mixture of their scopes is kept.
 * Scopes are kept space-separated ({@link SpaceSeparated}).
 */
public final class SqlConsentStore implements ConsentStore {

    private static final String COLUMNS = "account_id, client_id, scopes, granted_at";

    private final Database db;

    SqlConsentStore(Database db) {
        this.db = db;
    }

    @Override
    public void put(Consent c) {
        db.update("store a consent", "INSERT INTO consents (" + COLUMNS + ") VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (account_id, client_id) DO UPDATE SET scopes = excluded.scopes,"
                        + " granted_at = excluded.granted_at",
                c.accountId(), c.clientId(), SpaceSeparated.encode("a scope", c.scopes()), c.grantedAt());
    }

    @Override
    public Optional<Consent> find(String accountId, String clientId) {
        return db.find("find a consent", "SELECT " + COLUMNS + " FROM consents WHERE account_id = ? AND client_id = ?",
                SqlConsentStore::consent, accountId, clientId);
    }

    @Override
    public List<Consent> list(String accountId) {
        // Code-point order on both: SQLite compares text bytewise, and the PostgreSQL column is COLLATE "C".
        return db.list("list an account's consents", "SELECT " + COLUMNS + " FROM consents WHERE account_id = ?"
                + " ORDER BY client_id", SqlConsentStore::consent, accountId);
    }

    @Override
    public boolean delete(String accountId, String clientId) {
        return db.update("withdraw a consent", "DELETE FROM consents WHERE account_id = ? AND client_id = ?",
                accountId, clientId) > 0;
    }

    @Override
    public int deleteForClient(String clientId) {
        return db.update("withdraw a client's consents", "DELETE FROM consents WHERE client_id = ?", clientId);
    }

    private static Consent consent(ResultRow row) throws SQLException {
        return new Consent(row.text("account_id"), row.text("client_id"), SpaceSeparated.decode(row.text("scopes")),
                row.instant("granted_at"));
    }
}
