package dev.gatehouse.server.account;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.SessionPage;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * "My devices": {@code GET /v1/sessions}, {@code DELETE /v1/sessions/{sid}} and
 * {@code DELETE /v1/sessions} (sign out everywhere).
 *
 * <p>A list is a page: {@code ?limit=} (1 to {@value Sessions#MAX_PAGE}, default
 * {@value Sessions#DEFAULT_PAGE}) newest first, and {@code next}, when there are more, to hand
 * back as {@code ?cursor=}. The default page is as large as the default limit of sessions an
 * account may hold, so a client that does not page still sees every session.
 */
public final class SessionsEndpoints {

    /**
     * One page of sessions.
     *
     * @param next the cursor of the next page, absent on the last
     */
    public record SessionList(List<Views.SessionView> sessions, String next) {
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
        Json.send(res, Status.OK_200, page(sessions, req, caller.account().id(), caller.session().id()));
    }

    /**
     * The page of an account's sessions that the request's {@code limit} and {@code cursor} ask
     * for; {@code currentId} marks the caller's own session, or is null where that does not apply.
     *
     * @throws dev.gatehouse.core.error.InvalidInputException {@code invalid_parameter} for a limit
     *         out of range, {@code invalid_cursor} for a cursor no page handed out
     */
    public static SessionList page(Sessions sessions, ServerRequest req, String accountId, String currentId) {
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", Sessions.DEFAULT_PAGE,
                1, Sessions.MAX_PAGE);
        SessionPage page = sessions.listActive(accountId, req.query().first("cursor").asOptional().orElse(null), limit);
        return new SessionList(Views.sessions(page.sessions(), currentId), page.next());
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
