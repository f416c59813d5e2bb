package dev.gatehouse.server.oauth;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.Grants;
import dev.gatehouse.core.oidc.IdTokens;
import dev.gatehouse.core.oidc.OidcScopes;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.token.Tokens.TokenGrant;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The last step of the grants a person approved in a browser (authorization code, device
 * code): the approving session must still be active and its account still able to sign in;
 * then a grant is issued under it and answered, with a refresh token when the client may
 * refresh and an ID token when {@code openid} was granted.
 */
final class GrantIssuer {

    private final Grants grants;
    private final Clients clients;
    private final Sessions sessions;
    private final Accounts accounts;
    private final IdTokens idTokens;
    private final TokenAnswer answer;

    GrantIssuer(Grants grants, Clients clients, Sessions sessions, Accounts accounts, IdTokens idTokens,
                TokenAnswer answer) {
        this.grants = grants;
        this.clients = clients;
        this.sessions = sessions;
        this.accounts = accounts;
        this.idTokens = idTokens;
        this.answer = answer;
    }

    /**
     * Issues a grant approved in the browser session {@code parentSessionId} by {@code accountId}.
     *
     * @param nonce    the authorization request's nonce, or null
     * @param codeHash the redeemed authorization code's hash, or null
     * @throws OAuthError {@code invalid_grant} when the session has ended or the account is gone or locked
     */
    void issue(ServerResponse res, Client client, String accountId, String parentSessionId, String scope, String nonce,
               String codeHash) {
        Session parent = Optional.ofNullable(parentSessionId).flatMap(sessions::findActive)
                .filter(s -> s.accountId().equals(accountId))
                .orElseThrow(() -> new OAuthError(OAuthErrorCode.INVALID_GRANT,
                        "the browser session that approved this grant has ended"));
        Account account = accounts.findById(accountId).filter(a -> !a.locked())
                .orElseThrow(() -> new OAuthError(OAuthErrorCode.INVALID_GRANT, "the account cannot sign in"));
        TokenGrant grant = grants.issue(account, client, parent, clients.audienceFor(client, null), scope,
                OidcScopes.has(scope, OidcScopes.OFFLINE_ACCESS), parent.device(), codeHash);
        String refresh = client.registration().allows(GrantType.REFRESH_TOKEN) ? grant.refreshToken() : null;
        String idToken = OidcScopes.has(scope, OidcScopes.OPENID)
                ? idTokens.issue(account, grant.session(), client.id(), nonce, grant.access().token(), scope) : null;
        answer.send(res, grant.access(), scope, refresh, idToken);
    }
}
