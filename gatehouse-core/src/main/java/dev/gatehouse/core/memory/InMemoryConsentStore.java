package dev.gatehouse.core.memory;

import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.oidc.ConsentStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reference implementation of {@link ConsentStore}. For tests. */
public final class InMemoryConsentStore implements ConsentStore {

    private final Map<String, Consent> consents = new TreeMap<>();

    private static String key(String accountId, String clientId) {
        return accountId + "\u0000" + clientId;
    }

    @Override
    public synchronized void put(Consent consent) {
        consents.put(key(consent.accountId(), consent.clientId()), consent);
    }

    @Override
    public synchronized Optional<Consent> find(String accountId, String clientId) {
        return Optional.ofNullable(consents.get(key(accountId, clientId)));
    }

    @Override
    public synchronized List<Consent> list(String accountId) {
        return consents.values().stream().filter(c -> c.accountId().equals(accountId)).toList();
    }

    @Override
    public synchronized boolean delete(String accountId, String clientId) {
        return consents.remove(key(accountId, clientId)) != null;
    }

    @Override
    public synchronized int deleteForClient(String clientId) {
        int before = consents.size();
        consents.values().removeIf(c -> c.clientId().equals(clientId));
        return before - consents.size();
    }
}
