package dev.gatehouse.core.memory;

import dev.gatehouse.core.oidc.Grant;
import dev.gatehouse.core.oidc.GrantStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Reference implementation of {@link GrantStore}. For tests. */
public final class InMemoryGrantStore implements GrantStore {

    private final Map<String, Grant> grants = new LinkedHashMap<>();

    @Override
    public synchronized void create(Grant grant) {
        if (grants.containsKey(grant.sessionId())
                || grant.codeHash() != null && findByCode(grant.codeHash()).isPresent()) {
            throw new IllegalStateException("a grant with this session id or code hash exists");
        }
        grants.put(grant.sessionId(), grant);
    }

    @Override
    public synchronized Optional<Grant> find(String sessionId) {
        return Optional.ofNullable(grants.get(sessionId));
    }

    @Override
    public synchronized Optional<Grant> findByCode(String codeHash) {
        return grants.values().stream().filter(g -> codeHash.equals(g.codeHash())).findFirst();
    }

    @Override
    public synchronized List<Grant> startedFrom(String parentSessionId) {
        return select(g -> g.parentSessionId().equals(parentSessionId));
    }

    @Override
    public synchronized List<Grant> heldBy(String accountId, String clientId) {
        return select(g -> g.accountId().equals(accountId) && g.clientId().equals(clientId));
    }

    @Override
    public synchronized int moveTo(String fromParent, String toParent) {
        List<Grant> moving = startedFrom(fromParent);
        for (Grant g : moving) {
            grants.put(g.sessionId(), new Grant(g.sessionId(), toParent, g.clientId(), g.accountId(), g.scope(),
                    g.createdAt(), g.codeHash()));
        }
        return moving.size();
    }

    @Override
    public synchronized int deleteCreatedBefore(Instant cutoff) {
        int before = grants.size();
        grants.values().removeIf(g -> g.createdAt().isBefore(cutoff));
        return before - grants.size();
    }

    private List<Grant> select(Predicate<Grant> which) {
        return grants.values().stream().filter(which)
                .sorted(Comparator.comparing(Grant::createdAt).thenComparing(Grant::sessionId)).toList();
    }
}
