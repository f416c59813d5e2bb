package dev.gatehouse.server.signin;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /v1/logout}: ends the caller's session and clears its cookie. */
public final class LogoutEndpoint implements Handler {

    private final Authenticator authenticator;
    private final Sessions sessions;

    public LogoutEndpoint(Authenticator authenticator, Sessions sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        sessions.revoke(caller.account().id(), caller.session().id(), RevokeReason.SIGN_OUT);
        TokenTransport.clearAll(res);
        res.status(Status.NO_CONTENT_204).send();
    }
}
