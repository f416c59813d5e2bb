package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/login}: sign in with a name and password, over one of the transports of
 * {@link LoginTransport}.
 */
public final class LoginEndpoint implements Handler {

    /** The request body. */
    public record LoginRequest(String username, String password, String transport, String clientId, String audience,
                               String scope) {
    }

    private final SignIn signIn;
    private final LoginTransport transport;

    public LoginEndpoint(SignIn signIn, LoginTransport transport) {
        this.signIn = signIn;
        this.transport = transport;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        LoginRequest body = Json.read(req, LoginRequest.class);
        String username = Json.required(body.username(), "username");
        String password = Json.required(body.password(), "password");
        LoginTransport.Target target = transport.target(body.transport(), body.clientId(), body.audience(), body.scope());
        Account account = signIn.password(req, username, password);
        transport.answer(req, res, target, account, AuthMethod.PASSWORD);
    }
}
