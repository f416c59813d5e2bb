package dev.gatehouse.server.oauth;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.OidcScopes;
import dev.gatehouse.core.token.IssuedAccessToken;
import dev.gatehouse.core.token.Tokens;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4): a confidential client gets an access
 * token for itself. No person is involved, so no refresh token and no ID token; the scope is
 * limited to what the client is registered for (all of it when none is asked), the audience is
 * the requested {@code audience} or {@code resource} (RFC 8707) if the client may have it, else
 * its default one.
 */
final class ClientCredentialsExchange {

    private final Clients clients;
    private final Tokens tokens;
    private final TokenAnswer answer;

    ClientCredentialsExchange(Clients clients, Tokens tokens, TokenAnswer answer) {
        this.clients = clients;
        this.tokens = tokens;
        this.answer = answer;
    }

    void exchange(ServerResponse res, Client client, Map<String, String> form) {
        if (!client.isConfidential()) {
            throw new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT, "a public client cannot act on its own behalf");
        }
        String requested = form.get("scope");
        String scope;
        if (requested == null) {
            scope = client.registration().scopes().isEmpty() ? null
                    : String.join(" ", new TreeSet<>(client.registration().scopes()));
        } else if (OidcScopes.allowed(client.registration(), requested, false)) {
            scope = requested;
        } else {
            throw new OAuthError(OAuthErrorCode.INVALID_SCOPE, "the client is not registered for every scope asked for");
        }
        String audience = form.get("audience");
        String resource = form.get("resource");
        if (audience != null && resource != null && !audience.equals(resource)) {
            throw OAuthError.invalidRequest("audience and resource name different audiences; send one");
        }
        String wanted = audience != null ? audience : resource;
        if (wanted != null && !clients.allows(client, wanted)) {
            throw OAuthError.invalidRequest("the client may not ask for audience '" + wanted + "'");
        }
        IssuedAccessToken access = tokens.issueForClient(client, clients.audienceFor(client, wanted), scope);
        answer.send(res, access, scope, null, null);
    }
}
