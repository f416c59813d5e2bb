package dev.gatehouse.server.pages;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.http.Forms;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /account}: who I am, my sessions and devices, and buttons to end them. Its forms carry
 * a synchronizer token bound to the session, on top of the origin check every cookie-authenticated
 * unsafe request gets.
 */
public final class AccountPage {

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final Csrf csrf;

    public AccountPage(Authenticator authenticator, Sessions sessions, Csrf csrf) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.csrf = csrf;
    }

    public void show(ServerRequest req, ServerResponse res) {
        Optional<Caller> found = authenticator.find(req);
        if (found.isEmpty()) {
            res.header(HeaderNames.LOCATION, "/login?return_to=" + URLEncoder.encode("/account", StandardCharsets.UTF_8));
            res.status(Status.SEE_OTHER_303).send();
            return;
        }
        Caller caller = found.get();
        String token = csrf.formToken("session:" + caller.session().id());
        StringBuilder rows = new StringBuilder();
        // one page, the largest: session.max-per-account keeps the list within it unless raised above it
        for (Session s : sessions.listActive(caller.account().id(), null, Sessions.MAX_PAGE).sessions()) {
            boolean current = s.id().equals(caller.session().id());
            rows.append("<tr><td>").append(Html.escape(s.device().userAgent().isEmpty() ? "unknown device" : s.device().userAgent()))
                    .append(current ? " <strong>(this device)</strong>" : "")
                    .append("</td><td>").append(Html.escape(s.device().ip()))
                    .append("</td><td>").append(s.createdAt()).append("</td><td>").append(s.lastUsedAt())
                    .append("</td><td><form class=\"inline\" method=\"post\" action=\"/account/sessions/revoke\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(token).append("\">")
                    .append("<input type=\"hidden\" name=\"sid\" value=\"").append(Html.escape(s.id())).append("\">")
                    .append("<button type=\"submit\">").append(current ? "Sign out" : "End").append("</button></form></td></tr>\n");
        }
        String body = """
                <h1>Signed in as %s</h1>
                <h2>Sessions and devices</h2>
                <table><tr><th>Device</th><th>Address</th><th>Signed in</th><th>Last used</th><th></th></tr>
                %s</table>
                <form method="post" action="/account/sessions/revoke-all">
                <input type="hidden" name="csrf" value="%s">
                <button type="submit">Sign out everywhere</button>
                </form>
                """.formatted(Html.escape(caller.account().username()), rows, token);
        Html.send(res, Status.OK_200, "Account", body);
    }

    public void revoke(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Map<String, String> form = Forms.read(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        String sid = form.get("sid");
        if (sid == null) {
            throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND, "no active session with this id");
        }
        boolean current = sid.equals(caller.session().id());
        sessions.revoke(caller.account().id(), sid, current ? RevokeReason.SIGN_OUT : RevokeReason.REVOKED_BY_USER);
        if (current) {
            TokenTransport.clearAll(res);
        }
        res.header(HeaderNames.LOCATION, current ? "/login" : "/account");
        res.status(Status.SEE_OTHER_303).send();
    }

    public void revokeAll(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        csrf.checkFormToken("session:" + caller.session().id(), Forms.read(req).get("csrf"));
        sessions.revokeAll(caller.account().id(), RevokeReason.SIGN_OUT_EVERYWHERE);
        TokenTransport.clearAll(res);
        res.header(HeaderNames.LOCATION, "/login");
        res.status(Status.SEE_OTHER_303).send();
    }
}
