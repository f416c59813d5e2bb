package dev.gatehouse.server.http.api;

import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.server.http.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.SignIn;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;

/** {@code POST /v1/login}: sign in with a name and password. */
public final class LoginEndpoint implements Handler {

    /** The request body. {@code transport} is {@code cookie} when absent. */
    public record LoginRequest(String username, String password, String transport, String clientId, String audience) {
    }

    /** The answer to a cookie sign-in; the token itself travels only in the cookie. */
    public record CookieLogin(String sessionId, Views.AccountView account, Instant expiresAt) {
    }

    private final SignIn signIn;

    public LoginEndpoint(SignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        LoginRequest body = Json.read(req, LoginRequest.class);
        String username = Json.required(body.username(), "username");
        String password = Json.required(body.password(), "password");
        String transport = body.transport() == null ? "cookie" : body.transport();
        if (!transport.equals("cookie")) {
            throw new InvalidInputException("unsupported_transport",
                    "transport must be 'cookie'; this server does not issue tokens yet");
        }
        if (body.clientId() != null && !body.clientId().equals(SignIn.WEB_CLIENT)) {
            throw new InvalidInputException("unknown_client", "cookie sessions belong to client 'web'");
        }
        if (body.audience() != null) {
            throw new InvalidInputException("invalid_field", "field 'audience' applies to token transports only");
        }
        Caller caller = signIn.withCookie(req, res, username, password);
        Json.send(res, Status.OK_200, new CookieLogin(caller.session().id(), Views.account(caller.account()),
                caller.session().expiresAt()));
    }
}
