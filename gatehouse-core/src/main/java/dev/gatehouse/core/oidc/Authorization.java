package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Objects;

/**
 * An authorization request the account approved, as its code carries it to the token endpoint.
 *
 * @param clientId      the client it was approved for
 * @param redirectUri   the redirect URI of the request, which the token request must repeat
 * @param codeChallenge the PKCE S256 challenge (RFC 7636)
 * @param scope         the scopes granted, space-separated
 * @param nonce         the request's {@code nonce}, for the ID token, or null
 * @param accountId     who approved it
 * @param sessionId     the browser session it was approved in: the grant's parent
 * @param expiresAt     when the code stops working
 */
public record Authorization(String clientId, String redirectUri, String codeChallenge, String scope, String nonce,
                            String accountId, String sessionId, Instant expiresAt) {

    public Authorization {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        scope = scope == null ? "" : scope;
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
