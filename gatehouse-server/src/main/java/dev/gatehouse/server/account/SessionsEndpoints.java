package dev.gatehouse.server.account;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * "My devices": {@code GET /v1/sessions}, {@code DELETE /v1/sessions/{sid}} and
 * {@code DELETE /v1/sessions} (sign out everywhere).
 */
public final class SessionsEndpoints {

    public record SessionList(List<Views.SessionView> sessions) {
    }

    public record Revoked(int revoked) {
    }

    private final Authenticator authenticator;
    private final Sessions sessions;

    public SessionsEndpoints(Authenticator authenticator, Sessions sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, new SessionList(
                Views.sessions(sessions.listActive(caller.account().id()), caller.session().id())));
    }

    public void revokeOne(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        String sid = req.path().pathParameters().get("sid");
        sessions.revoke(caller.account().id(), sid, RevokeReason.REVOKED_BY_USER);
        if (sid.equals(caller.session().id())) {
            TokenTransport.clearAll(res);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    public void revokeAll(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        int revoked = sessions.revokeAll(caller.account().id(), RevokeReason.SIGN_OUT_EVERYWHERE);
        TokenTransport.clearAll(res);
        Json.send(res, Status.OK_200, new Revoked(revoked));
    }
}
