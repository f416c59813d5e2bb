package dev.gatehouse.store.sql;

import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeyStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * {@link SigningKeyStore} on a SQL database.
 *
 * <p>Every method is one statement. Retiring is {@code UPDATE ... WHERE kid = ? AND retired_at
 * IS NULL}, so when several nodes notice at once that a newer key has activated, exactly one
 * retirement is recorded and the first {@code retiredAt} is kept.
 */
public final class SqlSigningKeyStore implements SigningKeyStore {

    private static final String COLUMNS = "kid, algorithm, public_jwk, sealed_private_key, created_at, "
            + "activates_at, retired_at, expires_at";

    private final Database db;

    SqlSigningKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(SigningKey k) {
        boolean inserted = db.insertUnlessDuplicate("add a signing key",
                "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                k.kid(), k.algorithm().name(), k.publicJwk(), k.sealedPrivateKey(), k.createdAt(), k.activatesAt(),
                k.retiredAt(), k.expiresAt());
        if (!inserted) {
            // Same exception as the in-memory reference.
            throw new IllegalStateException("duplicate kid");
        }
    }

    @Override
    public List<SigningKey> list() {
        // kid breaks ties so every node sees the same order.
        return db.list("list signing keys",
                "SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at, activates_at, kid",
                SqlSigningKeyStore::key);
    }

    @Override
    public boolean retire(String kid, Instant retiredAt, Instant expiresAt) {
        return db.update("retire a signing key",
                "UPDATE signing_keys SET retired_at = ?, expires_at = ? WHERE kid = ? AND retired_at IS NULL",
                retiredAt, expiresAt, kid) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        // A NULL expires_at never compares true: keys that may still sign are never deleted.
        return db.update("delete expired signing keys", "DELETE FROM signing_keys WHERE expires_at <= ?", now);
    }

    private static SigningKey key(ResultRow row) throws SQLException {
        return new SigningKey(row.text("kid"), KeyAlgorithm.valueOf(row.text("algorithm")),
                row.text("public_jwk"), row.bytes("sealed_private_key"),
                row.instant("created_at"), row.instant("activates_at"),
                row.instant("retired_at"), row.instant("expires_at"));
    }
}
