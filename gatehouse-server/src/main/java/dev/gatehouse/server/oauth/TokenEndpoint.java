package dev.gatehouse.server.oauth;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth2/token} (RFC 6749 §3.2): the client authenticates ({@link TokenClients}),
 * then the grant type picks the exchange. A registered client may use only the grant types it
 * is registered for ({@code unauthorized_client}); a refresh keeps what it always did for
 * clients without a registration of their own, including a request that names no client, which
 * speaks for the built-in web client.
 */
public final class TokenEndpoint extends OAuthExchange {

    private final TokenClients tokenClients;
    private final Tokens tokens;
    private final TokenTransport transport;
    private final CodeExchange code;
    private final ClientCredentialsExchange clientCredentials;
    private final DeviceCodeExchange deviceCode;

    TokenEndpoint(TokenClients tokenClients, Tokens tokens, TokenTransport transport, CodeExchange code,
                  ClientCredentialsExchange clientCredentials, DeviceCodeExchange deviceCode) {
        this.tokenClients = tokenClients;
        this.tokens = tokens;
        this.transport = transport;
        this.code = code;
        this.clientCredentials = clientCredentials;
        this.deviceCode = deviceCode;
    }

    @Override
    void exchange(ServerRequest req, ServerResponse res, Map<String, String> form) {
        String name = required(form, "grant_type");
        GrantType grantType = GrantType.fromWire(name).orElseThrow(() -> new OAuthError(
                OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, "grant_type must be one of authorization_code, refresh_token, "
                + "client_credentials or " + GrantType.DEVICE_CODE.wireName()));
        Optional<Client> caller = tokenClients.authenticate(req, form);
        if (grantType == GrantType.REFRESH_TOKEN) {
            caller.ifPresent(c -> mayUse(c, grantType));
            refresh(res, form, caller);
            return;
        }
        Client client = caller.orElseThrow(TokenClients::invalidClient);
        mayUse(client, grantType);
        switch (grantType) {
            case AUTHORIZATION_CODE -> code.exchange(res, client, form);
            case CLIENT_CREDENTIALS -> clientCredentials.exchange(res, client, form);
            case DEVICE_CODE -> deviceCode.exchange(res, client, form);
            case REFRESH_TOKEN -> throw new IllegalStateException("handled above");
        }
    }

    private void refresh(ServerResponse res, Map<String, String> form, Optional<Client> caller) {
        String refreshToken = required(form, "refresh_token");
        if (form.containsKey("scope")) {
            throw new OAuthError(OAuthErrorCode.INVALID_SCOPE, "a refresh keeps the scope of the sign-in; omit scope");
        }
        transport.sendInBody(res, tokens.refresh(refreshToken, caller.map(Client::id).orElse(null)));
    }

    /** A client without a registration of its own refreshes as before; any other only with the grants it has. */
    private static void mayUse(Client client, GrantType grantType) {
        if (!client.registration().allows(grantType) && !(client.isBasic() && grantType == GrantType.REFRESH_TOKEN)) {
            throw new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT, "this client is not registered for grant_type "
                    + grantType.wireName());
        }
    }
}
