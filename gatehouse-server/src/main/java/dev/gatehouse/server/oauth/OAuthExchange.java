package dev.gatehouse.server.oauth;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.server.auth.ClientCredentials;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The common shape of the OAuth endpoints: a form body in, JSON out, errors in the OAuth format,
 * and client authentication by HTTP Basic or by form fields (RFC 6749 §2.3.1).
 */
abstract class OAuthExchange implements Handler {

    @Override
    public final void handle(ServerRequest req, ServerResponse res) {
        try {
            exchange(req, res, Forms.read(req)); // its refusals become invalid_request below
        } catch (OAuthError e) {
            error(res, e.error(), e.getMessage());
        } catch (BusyException e) {
            throw e; // 503 with Retry-After, as everywhere
        } catch (GatehouseException e) {
            error(res, e.errorCode().oauthError().orElse(OAuthErrorCode.INVALID_REQUEST), e.getMessage());
        }
    }

    abstract void exchange(ServerRequest req, ServerResponse res, Map<String, String> form);

    static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("parameter '" + name + "' is required");
        }
        return value;
    }

    /** The client credentials of a request, from the Authorization header or the form, never both. */
    static Optional<ClientCredentials> credentials(ServerRequest req, Map<String, String> form) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isPresent()) {
            if (form.containsKey("client_secret")) {
                throw OAuthError.invalidRequest("use one client authentication method, not two");
            }
            return Optional.of(ClientCredentials.fromBasic(header.get()).orElseThrow(OAuthExchange::invalidClient));
        }
        String id = form.get("client_id");
        return id == null ? Optional.empty() : Optional.of(new ClientCredentials(id, form.get("client_secret")));
    }

    /**
     * The client a request names, if any: a confidential one must prove its secret, a public one
     * must not claim one; otherwise {@code invalid_client} (401).
     */
    static Optional<Client> client(Clients clients, Optional<ClientCredentials> credentials) {
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        if (credentials.get().secret() != null) {
            return Optional.of(confidential(clients, credentials));
        }
        return Optional.of(clients.findPublic(credentials.get().clientId()).orElseThrow(OAuthExchange::invalidClient));
    }

    /** Authenticates a confidential client, or fails with {@code invalid_client} (401). */
    static Client confidential(Clients clients, Optional<ClientCredentials> credentials) {
        ClientCredentials c = credentials.filter(x -> x.secret() != null).orElseThrow(OAuthExchange::invalidClient);
        try {
            return clients.authenticate(c.clientId(), c.secret());
        } catch (NotAuthenticatedException e) {
            throw invalidClient();
        }
    }

    static OAuthError invalidClient() {
        return new OAuthError(OAuthErrorCode.INVALID_CLIENT, "client authentication failed");
    }

    static void error(ServerResponse res, OAuthErrorCode error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", description);
        if (error.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, ClientCredentials.CHALLENGE);
        }
        res.header(HeaderNames.PRAGMA, "no-cache");
        Json.send(res, Status.create(error.status()), body);
    }
}
