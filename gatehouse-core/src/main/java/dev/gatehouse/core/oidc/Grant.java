package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Objects;

/**
 * What one client holds on behalf of one account: a token session ({@link #sessionId()}) started
 * from a browser session ({@link #parentSessionId()}) through {@code /oauth2/authorize} or the
 * device page. The grant belongs to its parent: when the parent session ends, for any cause, the
 * grant's session is revoked too, and with it every token issued from it.
 *
 * @param sessionId       the grant's own token session; its {@code sid}
 * @param parentSessionId the browser session that approved it
 * @param clientId        the client holding it
 * @param accountId       whose it is
 * @param scope           the scopes granted, space-separated
 * @param createdAt       when it was issued
 * @param codeHash        SHA-256 (hex) of the authorization code it was redeemed from, or null
 *                        (device grants): a second presentation of that code ends this grant
 */
public record Grant(String sessionId, String parentSessionId, String clientId, String accountId, String scope,
                    Instant createdAt, String codeHash) {

    public Grant {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(parentSessionId, "parentSessionId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(accountId, "accountId");
        scope = scope == null ? "" : scope;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
