package dev.gatehouse.server.auth;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Guards routes that only registered confidential clients may call (the revocation feed, which
 * names accounts, sessions and token ids): the client authenticates with HTTP Basic, exactly as
 * at the OAuth endpoints ({@link ClientCredentials}, {@link Clients#authenticate}), and the
 * handler is told which client it is.
 *
 * <p>A refusal is 401 problem+json with {@code WWW-Authenticate: Basic realm="gatehouse"}:
 * {@code client_authentication_required} when the request has no {@code Authorization} header,
 * {@code invalid_client} when the header is not Basic, or names an unknown client, a public one,
 * or the wrong secret. Those last cases are not told apart, so the answer reveals nothing about
 * which client ids exist.
 */
public final class ClientAuthentication {

    /** A handler that runs only for an authenticated confidential client. */
    @FunctionalInterface
    public interface ClientHandler {
        void handle(Client client, ServerRequest req, ServerResponse res) throws Exception;
    }

    private final Clients clients;

    public ClientAuthentication(Clients clients) {
        this.clients = clients;
    }

    /** {@code handler}, behind client authentication. */
    public Handler require(ClientHandler handler) {
        return (req, res) -> handler.handle(authenticate(req, res), req, res);
    }

    private Client authenticate(ServerRequest req, ServerResponse res) {
        try {
            return authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (NotAuthenticatedException e) {
            // Helidon keeps headers set before an exception, so the challenge rides on the mapped problem.
            res.header(HeaderNames.WWW_AUTHENTICATE, ClientCredentials.CHALLENGE);
            throw e;
        }
    }

    private Client authenticate(Optional<String> header) {
        if (header.isEmpty()) {
            throw new NotAuthenticatedException(ErrorCode.CLIENT_AUTHENTICATION_REQUIRED,
                    "this endpoint is for registered clients: authenticate with HTTP Basic (client id and secret)");
        }
        ClientCredentials credentials = ClientCredentials.fromBasic(header.get()).orElseThrow(ClientAuthentication::invalid);
        try {
            return clients.authenticate(credentials.clientId(), credentials.secret());
        } catch (NotAuthenticatedException e) {
            throw invalid();
        }
    }

    private static NotAuthenticatedException invalid() {
        return new NotAuthenticatedException(ErrorCode.INVALID_CLIENT, "client authentication failed");
    }
}
