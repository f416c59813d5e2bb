package dev.gatehouse.server.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.oidc.ClientAssertions;
import dev.gatehouse.server.auth.ClientCredentials;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Client authentication at the OAuth endpoints (token, device authorization, introspection,
 * revocation): which of the four methods a request uses, and whether the client it names proves
 * itself with it.
 *
 * <ul>
 *   <li>{@code client_secret_basic}: an {@code Authorization: Basic} header;</li>
 *   <li>{@code client_secret_post}: {@code client_id} and {@code client_secret} in the form;</li>
 *   <li>{@code private_key_jwt}: {@code client_assertion_type} and {@code client_assertion}
 *       ({@link ClientAssertions});</li>
 *   <li>{@code none}: {@code client_id} alone, for a public client.</li>
 * </ul>
 *
 * A client registered for a method must use that one. A client without an OAuth registration of
 * its own ({@link ClientRegistration#basic}) keeps what it always could: a secret by Basic or in
 * the form, or its id alone when it is public. Two methods in one request are refused.
 */
final class TokenClients {

    private final Clients clients;
    private final ClientAssertions assertions;

    TokenClients(Clients clients, ClientAssertions assertions) {
        this.clients = clients;
        this.assertions = assertions;
    }

    /**
     * The client a request authenticates as; empty when it names none (a refresh then speaks for
     * the built-in web client, as it always did).
     *
     * @throws OAuthError {@code invalid_client} (401) when it names a client and does not prove it,
     *                    {@code invalid_request} for two methods at once
     */
    Optional<Client> authenticate(ServerRequest req, Map<String, String> form) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        boolean post = form.containsKey("client_secret");
        boolean jwt = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        if ((header.isPresent() ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1) {
            throw OAuthError.invalidRequest("use one client authentication method, not two");
        }
        String formId = form.get("client_id");
        if (header.isPresent()) {
            ClientCredentials basic = ClientCredentials.fromBasic(header.get()).orElseThrow(TokenClients::invalidClient);
            if (formId != null && !formId.equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id does not name the client of the Authorization header");
            }
            return Optional.of(bySecret(basic.clientId(), basic.secret(), ClientAuthMethod.CLIENT_SECRET_BASIC));
        }
        if (post) {
            return Optional.of(bySecret(formId, form.get("client_secret"), ClientAuthMethod.CLIENT_SECRET_POST));
        }
        if (jwt) {
            return Optional.of(byAssertion(formId, form.get("client_assertion_type"), form.get("client_assertion")));
        }
        if (formId == null) {
            return Optional.empty();
        }
        return Optional.of(clients.findPublic(formId).orElseThrow(TokenClients::invalidClient));
    }

    private Client bySecret(String id, String secret, ClientAuthMethod used) {
        Client client;
        try {
            client = clients.authenticate(id, secret);
        } catch (NotAuthenticatedException e) {
            throw invalidClient();
        }
        ClientRegistration registration = client.registration();
        if (!client.isBasic() && registration.authMethod() != used) {
            throw new OAuthError(OAuthErrorCode.INVALID_CLIENT, "this client is registered to authenticate with "
                    + registration.authMethod().wireName() + ", not " + used.wireName());
        }
        return client;
    }

    private Client byAssertion(String formId, String type, String assertion) {
        if (!ClientAssertions.TYPE.equals(type) || assertion == null || assertion.isEmpty()) {
            throw new OAuthError(OAuthErrorCode.INVALID_CLIENT, "a client assertion needs client_assertion_type "
                    + ClientAssertions.TYPE + " and client_assertion");
        }
        String id = formId != null ? formId : subject(assertion);
        Client client = clients.findRegistered(id)
                .filter(c -> c.registration().authMethod() == ClientAuthMethod.PRIVATE_KEY_JWT)
                .orElseThrow(TokenClients::invalidClient);
        try {
            assertions.verify(client, assertion);
        } catch (NotAuthenticatedException e) {
            throw new OAuthError(OAuthErrorCode.INVALID_CLIENT, e.getMessage());
        }
        return client;
    }

    /** The client an assertion claims to come from, read before it is checked: only to find its keys. */
    private static String subject(String assertion) {
        try {
            return SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
        } catch (ParseException | RuntimeException e) {
            throw new OAuthError(OAuthErrorCode.INVALID_CLIENT, "the client assertion is not a signed JWT");
        }
    }

    static OAuthError invalidClient() {
        return new OAuthError(OAuthErrorCode.INVALID_CLIENT, "client authentication failed");
    }
}
