package dev.gatehouse.server.oauth;

import dev.gatehouse.server.Gatehouse;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.webserver.http.Handler;

/**
 * The OAuth endpoints where clients authenticate and obtain or give back tokens, assembled over
 * one {@link Gatehouse}: token, device authorization, revocation, introspection.
 */
public final class TokenEndpoints {

    private final TokenEndpoint token;
    private final DeviceAuthorizationEndpoint deviceAuthorization;
    private final RevocationEndpoint revocation;
    private final IntrospectionEndpoint introspection;

    public TokenEndpoints(Gatehouse g, TokenTransport transport) {
        TokenClients tokenClients = new TokenClients(g.clients(), g.clientAssertions());
        TokenAnswer answer = new TokenAnswer(g.clock());
        GrantIssuer issuer = new GrantIssuer(g.grants(), g.clients(), g.sessions(), g.accounts(), g.idTokens(), answer);
        this.token = new TokenEndpoint(tokenClients, g.tokens(), transport,
                new CodeExchange(g.authorizationCodes(), g.grants(), issuer, g.audit(), g.clock()),
                new ClientCredentialsExchange(g.clients(), g.tokens(), answer),
                new DeviceCodeExchange(g.deviceAuthorizations(), issuer));
        this.deviceAuthorization = new DeviceAuthorizationEndpoint(tokenClients, g.deviceAuthorizations(),
                g.settings().tokens().issuer(), g.clock());
        this.revocation = new RevocationEndpoint(tokenClients, g.tokens());
        this.introspection = new IntrospectionEndpoint(tokenClients, g.clients(), g.tokens(), g.accounts(),
                g.settings().tokens().issuer());
    }

    /** {@code POST /oauth2/revoke}. */
    public Handler revocation() {
        return revocation;
    }

    /** {@code POST /oauth2/introspect}. */
    public Handler introspection() {
        return introspection;
    }

    /** {@code POST /oauth2/token}. */
    public Handler token() {
        return token;
    }

    /** {@code POST /oauth2/device_authorization}. */
    public Handler deviceAuthorization() {
        return deviceAuthorization;
    }
}
