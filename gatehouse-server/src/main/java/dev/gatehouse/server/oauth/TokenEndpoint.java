package dev.gatehouse.server.oauth;

import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code POST /oauth2/token} with {@code grant_type=refresh_token} (RFC 6749 §6). Sign-in itself
 * is {@code POST /v1/login}; this endpoint lets standard OAuth client libraries refresh.
 */
public final class TokenEndpoint extends OAuthExchange {

    private final Clients clients;
    private final Tokens tokens;
    private final TokenTransport transport;

    public TokenEndpoint(Clients clients, Tokens tokens, TokenTransport transport) {
        this.clients = clients;
        this.tokens = tokens;
        this.transport = transport;
    }

    @Override
    void exchange(ServerRequest req, ServerResponse res, Map<String, String> form) {
        String grantType = required(form, "grant_type");
        if (!grantType.equals("refresh_token")) {
            throw new OAuthError(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, "only grant_type=refresh_token is supported here");
        }
        String refreshToken = required(form, "refresh_token");
        if (form.containsKey("scope")) {
            throw new OAuthError(OAuthErrorCode.INVALID_SCOPE, "a refresh keeps the scope of the sign-in; omit scope");
        }
        String clientId = client(clients, credentials(req, form)).map(Client::id).orElse(null);
        transport.sendInBody(res, tokens.refresh(refreshToken, clientId));
    }
}
