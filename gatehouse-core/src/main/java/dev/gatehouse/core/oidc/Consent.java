package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An account's consent to a client: the scopes the account agreed to let it have. Remembered so
 * the consent page is shown once per client, and again only for scopes not agreed to yet.
 */
public record Consent(String accountId, String clientId, Set<String> scopes, Instant grantedAt) {

    public Consent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(grantedAt, "grantedAt");
    }

    public boolean covers(Set<String> asked) {
        return scopes.containsAll(asked);
    }
}
