package dev.gatehouse.server.oauth;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.token.AccessTokenClaims;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth2/introspect} (RFC 7662) for registered confidential clients. An active
 * access token is answered with its claims; anything else (expired, revoked, unknown, forged, a
 * refresh token, or a token of an audience the asking client may not see) with exactly
 * {@code {"active": false}}, so the answer tells an attacker nothing. An active token's answer
 * also says what its session proved ({@code amr}, {@code auth_time}, {@code acr}), so a resource
 * server that introspects can demand a second factor as one that verifies locally does. A
 * client's token for itself ({@code client_credentials}) has none of these, nor a session: it
 * is active until it expires or its id is revoked.
 */
public final class IntrospectionEndpoint extends OAuthExchange {

    private final TokenClients tokenClients;
    private final Clients clients;
    private final Tokens tokens;
    private final Accounts accounts;
    private final String issuer;

    IntrospectionEndpoint(TokenClients tokenClients, Clients clients, Tokens tokens, Accounts accounts, String issuer) {
        this.tokenClients = tokenClients;
        this.clients = clients;
        this.tokens = tokens;
        this.accounts = accounts;
        this.issuer = issuer;
    }

    /** A client learns about tokens of the audiences it may see only; any other is "not active". */
    private boolean visible(Client client, AccessTokenClaims claims) {
        return claims.audience().stream().anyMatch(aud -> clients.allows(client, aud));
    }

    private void describe(Map<String, Object> body, AccessTokenClaims c) {
        body.put("active", true);
        if (c.scope() != null) {
            body.put("scope", c.scope());
        }
        body.put("client_id", c.clientId());
        body.put("token_type", "Bearer");
        body.put("exp", c.expiresAt().getEpochSecond());
        body.put("iat", c.issuedAt().getEpochSecond());
        body.put("sub", c.subject());
        // RFC 7662 / RFC 7519: one audience as a string (what Gatehouse issues), several as an array
        body.put("aud", c.audience().size() == 1 ? c.audience().getFirst() : c.audience());
        body.put("iss", issuer);
        body.put("jti", c.jti());
    }

    @Override
    void exchange(ServerRequest req, ServerResponse res, Map<String, String> form) {
        // registered confidential clients only, authenticated as at the token endpoint
        Client client = tokenClients.authenticate(req, form).filter(Client::isConfidential)
                .orElseThrow(TokenClients::invalidClient);
        String token = required(form, "token");
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<Tokens.Authenticated> active = tokens.authenticate(token).filter(a -> visible(client, a.claims()));
        Optional<AccessTokenClaims> own = active.isPresent() ? Optional.empty()
                : tokens.authenticateClient(token).filter(c -> visible(client, c));
        if (active.isPresent()) {
            AccessTokenClaims c = active.get().claims();
            describe(body, c);
            accounts.findById(c.subject()).ifPresent(a -> body.put("username", a.username()));
            body.put("sid", c.sessionId());
            // What the session proved, from the session itself: the same values the token carries.
            Authentications proof = active.get().session().authentications();
            body.put("amr", proof.amr());
            body.put("auth_time", proof.authTime().getEpochSecond());
            body.put("acr", proof.acr());
        } else if (own.isPresent()) {
            // a client's token for itself: no person, no session; active until it expires or is revoked
            describe(body, own.get());
        } else {
            body.put("active", false);
        }
        Json.send(res, Status.OK_200, body);
    }
}
