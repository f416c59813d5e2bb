package dev.gatehouse.core.memory;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reference implementation of {@link AccountStore}: a map guarded by one lock. For tests. */
public final class InMemoryAccountStore implements AccountStore {

    private final Map<String, Account> byId = new HashMap<>();

    @Override
    public synchronized void create(Account account) {
        if (byId.containsKey(account.id()) || findByUsernameKey(account.usernameKey()).isPresent()) {
            throw new ConflictException(ErrorCode.ACCOUNT_EXISTS, "an account with this username exists");
        }
        byId.put(account.id(), account);
    }

    @Override
    public synchronized Optional<Account> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Account> findByUsernameKey(String usernameKey) {
        return byId.values().stream().filter(a -> a.usernameKey().equals(usernameKey)).findFirst();
    }

    @Override
    public synchronized List<Account> list() {
        return byId.values().stream().sorted(Comparator.comparing(Account::usernameKey)).toList();
    }

    @Override
    public synchronized List<Account> search(String keyPrefix, String afterKey, int limit) {
        return byId.values().stream()
                .filter(a -> a.usernameKey().startsWith(keyPrefix))
                .filter(a -> afterKey == null || a.usernameKey().compareTo(afterKey) > 0)
                .sorted(Comparator.comparing(Account::usernameKey)).limit(limit).toList();
    }

    @Override
    public synchronized long countLocked() {
        return byId.values().stream().filter(Account::locked).count();
    }

    @Override
    public synchronized boolean setRoles(String id, Set<String> roles) {
        return byId.computeIfPresent(id, (k, a) -> a.withRoles(roles)) != null;
    }

    @Override
    public synchronized boolean updatePasswordHash(String id, String passwordHash) {
        return byId.computeIfPresent(id, (k, a) -> a.withPasswordHash(passwordHash)) != null;
    }

    @Override
    public synchronized boolean setLocked(String id, boolean locked) {
        return byId.computeIfPresent(id, (k, a) -> a.withLocked(locked)) != null;
    }
}
