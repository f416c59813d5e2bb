package dev.gatehouse.store.sql;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AccountStore} on a SQL database.
 *
 * <p>The uniqueness of username keys is the database's unique index, not a check before the
 * insert, so two nodes creating the same name at once cannot both succeed. Roles are kept as one
 * comma-separated text column: they are few, always read together, and never queried by.
 */
public final class SqlAccountStore implements AccountStore {

    private static final String COLUMNS = "id, username, username_key, password_hash, roles, locked, created_at";
    private static final String ROLE_SEPARATOR = ",";

    private final Database db;

    SqlAccountStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Account account) {
        boolean inserted = db.insertUnlessDuplicate("create an account",
                "INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                account.id(), account.username(), account.usernameKey(), account.passwordHash(),
                encodeRoles(account.roles()), account.locked(), account.createdAt());
        if (!inserted) {
            // The id is random, so a duplicate is in practice always the name.
            throw new ConflictException(ErrorCode.ACCOUNT_EXISTS, "an account with this username exists");
        }
    }

    @Override
    public Optional<Account> findById(String id) {
        return db.find("find an account by id",
                "SELECT " + COLUMNS + " FROM accounts WHERE id = ?", SqlAccountStore::account, id);
    }

    @Override
    public Optional<Account> findByUsernameKey(String usernameKey) {
        return db.find("find an account by username",
                "SELECT " + COLUMNS + " FROM accounts WHERE username_key = ?", SqlAccountStore::account, usernameKey);
    }

    @Override
    public List<Account> list() {
        // Code-point order on both: SQLite compares text bytewise, and the PostgreSQL column is COLLATE "C".
        return db.list("list accounts",
                "SELECT " + COLUMNS + " FROM accounts ORDER BY username_key", SqlAccountStore::account);
    }

    /**
     * A range on the unique index from the prefix on, cut where keys stop starting with it: the
     * matching keys are contiguous in key order, so the first one that does not match ends the
     * page. No LIKE: SQLite's ignores case for ASCII and would not use the index.
     */
    @Override
    public List<Account> search(String keyPrefix, String afterKey, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        List<Account> page = afterKey == null
                ? db.list("search accounts", "SELECT " + COLUMNS
                        + " FROM accounts WHERE username_key >= ? ORDER BY username_key LIMIT ?",
                        SqlAccountStore::account, keyPrefix, limit)
                : db.list("search accounts", "SELECT " + COLUMNS
                        + " FROM accounts WHERE username_key >= ? AND username_key > ? ORDER BY username_key LIMIT ?",
                        SqlAccountStore::account, keyPrefix, afterKey, limit);
        return page.stream().takeWhile(a -> a.usernameKey().startsWith(keyPrefix)).toList();
    }

    /** {@code WHERE locked} as written in the partial index {@code accounts_locked}, so both databases use it. */
    @Override
    public long countLocked() {
        return db.find("count locked accounts", "SELECT COUNT(*) AS n FROM accounts WHERE locked",
                row -> row.number("n")).orElse(0L);
    }

    @Override
    public boolean setRoles(String id, Set<String> roles) {
        return db.update("set an account's roles",
                "UPDATE accounts SET roles = ? WHERE id = ?", encodeRoles(roles), id) > 0;
    }

    @Override
    public boolean updatePasswordHash(String id, String passwordHash) {
        return db.update("update a password hash",
                "UPDATE accounts SET password_hash = ? WHERE id = ?", passwordHash, id) > 0;
    }

    @Override
    public boolean setLocked(String id, boolean locked) {
        return db.update("lock or unlock an account",
                "UPDATE accounts SET locked = ? WHERE id = ?", locked, id) > 0;
    }

    private static Account account(ResultRow row) throws SQLException {
        return new Account(row.text("id"), row.text("username"), row.text("username_key"),
                row.text("password_hash"), decodeRoles(row.text("roles")), row.flag("locked"),
                row.instant("created_at"));
    }

    /** Sorted, so equal sets are stored as equal text. */
    static String encodeRoles(Set<String> roles) {
        for (String role : roles) {
            if (role.isEmpty() || role.contains(ROLE_SEPARATOR)) {
                throw new IllegalArgumentException("a role name must be non-empty and without '"
                        + ROLE_SEPARATOR + "': \"" + role + "\"");
            }
        }
        return roles.stream().sorted().collect(Collectors.joining(ROLE_SEPARATOR));
    }

    static Set<String> decodeRoles(String text) {
        return text.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(text.split(ROLE_SEPARATOR)));
    }
}
