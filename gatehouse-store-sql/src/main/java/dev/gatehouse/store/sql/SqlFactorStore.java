package dev.gatehouse.store.sql;

import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.mfa.FactorStore;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.TotpFactor;
import dev.gatehouse.store.sql.Database.Step;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link FactorStore} on a SQL database (tables of db/.../V8.sql).
 *
 * <p>Spending is decided by the database, in one conditional UPDATE each, never by a read before a
 * write: a TOTP step is spent by {@code UPDATE ... WHERE last_step < ?}, a recovery code by
 * {@code UPDATE ... WHERE used_at IS NULL}. Of many nodes racing with one code, the row lock (the
 * database lock, on SQLite) lets one UPDATE match the row; the others find the condition false and
 * match nothing. A duplicate passkey is found by the primary key on {@code credential_id}.
 *
 * <p>Replacing recovery codes and deleting everything of an account touch many rows or several
 * tables, so each runs in one short transaction: a reader sees the old set or the new, never a
 * mixture or none.
 */
public final class SqlFactorStore implements FactorStore {

    private static final String TOTP_COLUMNS = "account_id, sealed_secret, created_at, confirmed_at, last_step";
    private static final String PASSKEY_COLUMNS = "credential_id, account_id, name, credential_data, sign_count,"
            + " uv_initialized, backup_eligible, backed_up, transports, created_at, last_used_at";

    private final Database db;

    SqlFactorStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean putTotp(TotpFactor factor) {
        // the WHERE of the upsert decides the race with a confirmation: a confirmed row is never replaced
        return db.update("store a TOTP secret", "INSERT INTO totp_secrets (" + TOTP_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (account_id) DO UPDATE SET sealed_secret = excluded.sealed_secret,"
                        + " created_at = excluded.created_at, confirmed_at = excluded.confirmed_at,"
                        + " last_step = excluded.last_step WHERE totp_secrets.confirmed_at IS NULL",
                factor.accountId(), factor.sealedSecret(), factor.createdAt(), factor.confirmedAt(), factor.lastStep()) > 0;
    }

    @Override
    public Optional<TotpFactor> findTotp(String accountId) {
        return db.find("find a TOTP secret", "SELECT " + TOTP_COLUMNS + " FROM totp_secrets WHERE account_id = ?",
                row -> new TotpFactor(row.text("account_id"), row.bytes("sealed_secret"), row.instant("created_at"),
                        row.instant("confirmed_at"), row.number("last_step")), accountId);
    }

    @Override
    public boolean confirmTotp(String accountId, long step, Instant at) {
        return db.update("confirm a TOTP secret", "UPDATE totp_secrets SET confirmed_at = ?, last_step = ?"
                + " WHERE account_id = ? AND confirmed_at IS NULL", at, step, accountId) > 0;
    }

    @Override
    public boolean spendTotpStep(String accountId, long step) {
        return db.update("spend a TOTP step", "UPDATE totp_secrets SET last_step = ?"
                + " WHERE account_id = ? AND confirmed_at IS NOT NULL AND last_step < ?", step, accountId, step) > 0;
    }

    @Override
    public boolean deleteTotp(String accountId) {
        return db.update("delete a TOTP secret", "DELETE FROM totp_secrets WHERE account_id = ?", accountId) > 0;
    }

    @Override
    public void replaceRecoveryCodes(String accountId, List<String> codeHashes, Instant at) {
        Step[] steps = new Step[codeHashes.size() + 1];
        steps[0] = new Step("DELETE FROM recovery_codes WHERE account_id = ?", accountId);
        for (int i = 0; i < codeHashes.size(); i++) {
            steps[i + 1] = new Step("INSERT INTO recovery_codes (account_id, code_hash, used_at) VALUES (?, ?, NULL)",
                    accountId, codeHashes.get(i));
        }
        db.transaction("replace recovery codes", steps);
    }

    @Override
    public boolean spendRecoveryCode(String accountId, String codeHash, Instant at) {
        return db.update("spend a recovery code", "UPDATE recovery_codes SET used_at = ?"
                + " WHERE account_id = ? AND code_hash = ? AND used_at IS NULL", at, accountId, codeHash) > 0;
    }

    @Override
    public int recoveryCodesLeft(String accountId) {
        return db.find("count recovery codes", "SELECT count(*) AS n FROM recovery_codes"
                        + " WHERE account_id = ? AND used_at IS NULL", row -> (int) row.number("n"), accountId)
                .orElse(0);
    }

    @Override
    public void addPasskey(Passkey p) {
        boolean inserted = db.insertUnlessDuplicate("register a passkey",
                "INSERT INTO passkeys (" + PASSKEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.credentialId(), p.accountId(), p.name(), p.credentialData(), p.signCount(), p.uvInitialized(),
                p.backupEligible(), p.backedUp(), p.transports(), p.createdAt(), p.lastUsedAt());
        if (!inserted) {
            throw new ConflictException(ErrorCode.PASSKEY_EXISTS, "a passkey with this credential id is registered");
        }
    }

    @Override
    public Optional<Passkey> findPasskey(String credentialId) {
        return db.find("find a passkey", "SELECT " + PASSKEY_COLUMNS + " FROM passkeys WHERE credential_id = ?",
                SqlFactorStore::passkey, credentialId);
    }

    @Override
    public List<Passkey> passkeys(String accountId) {
        return db.list("list passkeys", "SELECT " + PASSKEY_COLUMNS + " FROM passkeys WHERE account_id = ?"
                + " ORDER BY created_at, credential_id", SqlFactorStore::passkey, accountId);
    }

    @Override
    public boolean recordPasskeyUse(String credentialId, long signCount, boolean backedUp, boolean uvInitialized,
                                    Instant at) {
        return db.update("record a passkey's use", "UPDATE passkeys SET sign_count = ?, backed_up = ?,"
                + " uv_initialized = ?, last_used_at = ? WHERE credential_id = ?",
                signCount, backedUp, uvInitialized, at, credentialId) > 0;
    }

    @Override
    public boolean renamePasskey(String accountId, String credentialId, String name) {
        return db.update("rename a passkey", "UPDATE passkeys SET name = ? WHERE credential_id = ? AND account_id = ?",
                name, credentialId, accountId) > 0;
    }

    @Override
    public boolean deletePasskey(String accountId, String credentialId) {
        return db.update("delete a passkey", "DELETE FROM passkeys WHERE credential_id = ? AND account_id = ?",
                credentialId, accountId) > 0;
    }

    @Override
    public int deleteAll(String accountId) {
        int[] counts = db.transaction("delete an account's second factors",
                new Step("DELETE FROM totp_secrets WHERE account_id = ?", accountId),
                new Step("DELETE FROM recovery_codes WHERE account_id = ?", accountId),
                new Step("DELETE FROM passkeys WHERE account_id = ?", accountId));
        // the set of recovery codes counts as one factor, however many codes it held
        return counts[0] + (counts[1] > 0 ? 1 : 0) + counts[2];
    }

    private static Passkey passkey(ResultRow row) throws SQLException {
        return new Passkey(row.text("credential_id"), row.text("account_id"), row.text("name"),
                row.bytes("credential_data"), row.number("sign_count"), row.flag("uv_initialized"),
                row.flag("backup_eligible"), row.flag("backed_up"), row.text("transports"), row.instant("created_at"),
                row.instant("last_used_at"));
    }
}
