package dev.gatehouse.core.account;

import java.util.List;
import java.util.Optional;

/**
 * Storage port for accounts. Every method is one atomic operation.
 *
 * <p>Names are looked up by their {@link Username#key key}; the store guarantees that no two
 * accounts share a key.
 */
public interface AccountStore {

    /**
     * Stores a new account.
     *
     * @throws dev.gatehouse.core.error.ConflictException {@code account_exists} when the key is taken
     */
    void create(Account account);

    Optional<Account> findById(String id);

    Optional<Account> findByUsernameKey(String usernameKey);

    /** All accounts, ordered by username key. */
    List<Account> list();

    /** Replaces the password hash; false when there is no such account. */
    boolean updatePasswordHash(String id, String passwordHash);

    /** Sets the locked flag; false when there is no such account. */
    boolean setLocked(String id, boolean locked);
}
