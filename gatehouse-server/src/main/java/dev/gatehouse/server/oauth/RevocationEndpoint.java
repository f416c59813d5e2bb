package dev.gatehouse.server.oauth;

import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.token.Tokens;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): a refresh token ends its session; an access token is
 * revoked by its {@code jti} and refused everywhere from then on. Unknown or invalid tokens are
 * answered 200 as well, as the RFC asks. A public client names itself with {@code client_id};
 * a confidential one authenticates as at the token endpoint ({@link TokenClients}); a request that names no client speaks for the built-in
 * {@value Clients#WEB} client, as a sign-in without {@code client_id} does. A client can only
 * revoke its own tokens (RFC 7009 §2.1): another client's token is left alone and still answered 200.
 */
public final class RevocationEndpoint extends OAuthExchange {

    private final TokenClients tokenClients;
    private final Tokens tokens;

    RevocationEndpoint(TokenClients tokenClients, Tokens tokens) {
        this.tokenClients = tokenClients;
        this.tokens = tokens;
    }

    @Override
    void exchange(ServerRequest req, ServerResponse res, Map<String, String> form) {
        String token = required(form, "token");
        String hint = form.get("token_type_hint");
        if (hint != null && !hint.equals("access_token") && !hint.equals("refresh_token")) {
            throw new OAuthError(OAuthErrorCode.UNSUPPORTED_TOKEN_TYPE, "token_type_hint must be access_token or refresh_token");
        }
        String clientId = tokenClients.authenticate(req, form).map(Client::id).orElse(Clients.WEB);
        tokens.revoke(token, clientId);
        res.status(Status.OK_200).send();
    }
}
