package dev.gatehouse.core.account;

import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * One page of accounts whose username key starts with {@code keyPrefix}, ordered by key.
     * The prefix is matched exactly (folding is the caller's job, as for look-ups), so a store
     * answers from its unique index on the key without scanning.
     *
     * @param keyPrefix the start of the key; empty for every account
     * @param afterKey  only keys greater than this one (the last key of the previous page), or null
     * @param limit     at most this many, at least 1
     */
    List<Account> search(String keyPrefix, String afterKey, int limit);

    /** How many accounts are locked. */
    long countLocked();

    /** Replaces the role set; false when there is no such account. */
    boolean setRoles(String id, Set<String> roles);

    /** Replaces the password hash; false when there is no such account. */
    boolean updatePasswordHash(String id, String passwordHash);

    /** Sets the locked flag; false when there is no such account. */
    boolean setLocked(String id, boolean locked);
}
