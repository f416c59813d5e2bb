package dev.gatehouse.server.oidc;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.RedirectUris;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.oidc.Grants;
import dev.gatehouse.core.oidc.IdTokenHints;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.pages.FormTargets;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET} and {@code POST /oauth2/logout}: RP-initiated logout (OpenID Connect RP-Initiated
 * Logout 1.0), the {@code end_session_endpoint}.
 *
 * <p>A client signs its user out of Gatehouse by sending the browser here, with the ID token it
 * got as {@code id_token_hint}. When that token is ours and its {@code sid} names a grant started
 * from this very browser session, the session ends at once: the request is the client's, which
 * held the token. Otherwise (no hint, an unknown one, one about another session) the person is
 * asked first, on a form bound to the session, so a link on another site cannot sign anyone out.
 * Either way the browser then goes to {@code post_logout_redirect_uri}, with {@code state}, only
 * when the client registered that address exactly; an address it did not register is an error
 * page, never a redirect. Ending the session ends the grants started from it, through the
 * revocation log like every other end of a session.
 */
public final class EndSessionEndpoint {

    /** What the confirmation page shows and sends back. */
    public record View(Frame frame, String client, List<HiddenField> fields) {
    }

    public static final String PATH = "/oauth2/logout";
    private static final int MAX_STATE = 1024;

    private final Pages pages;
    private final Authenticator authenticator;
    private final Csrf csrf;
    private final Clients clients;
    private final IdTokenHints hints;
    private final Grants grants;
    private final Sessions sessions;

    public EndSessionEndpoint(Pages pages, Authenticator authenticator, Csrf csrf, Clients clients, IdTokenHints hints,
                              Grants grants, Sessions sessions) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.clients = clients;
        this.hints = hints;
        this.grants = grants;
        this.sessions = sessions;
    }

    /** A checked request: the client (when named), where to go afterwards (when allowed) and the state. */
    private record Request(Client client, String postLogoutUri, String state, Optional<IdTokenHints.Hint> hint) {
    }

    public void handle(ServerRequest req, ServerResponse res) {
        RequestParameters params = RequestParameters.of(req);
        if (!params.repeated().isEmpty()) {
            throw new InvalidInputException(ErrorCode.DUPLICATE_PARAMETER, "parameter '"
                    + params.repeated().iterator().next() + "' appears more than once");
        }
        Request request = check(params.values());
        boolean confirmed = req.prologue().method().equals(Method.POST) && "yes".equals(params.get("confirm"));
        if (confirmed) {
            // the confirmation form is ours: it must come from our origin and carry the session's token
            csrf.checkOrigin(req);
        }
        Optional<Caller> caller = authenticator.find(req).filter(c -> c.token() == null);
        if (caller.isEmpty()) {
            done(res, request);
            return;
        }
        if (confirmed) {
            csrf.checkFormToken("session:" + caller.get().session().id(), params.get("csrf"));
        }
        if (confirmed || hintMatches(request, caller.get())) {
            sessions.revoke(caller.get().session(), RevokeReason.SIGN_OUT);
            TokenTransport.clearAll(res);
            done(res, request);
            return;
        }
        confirm(req, res, caller.get(), request);
    }

    private Request check(Map<String, String> p) {
        Optional<IdTokenHints.Hint> hint = Optional.ofNullable(p.get("id_token_hint")).flatMap(hints::read);
        String clientId = p.get("client_id");
        if (clientId == null && hint.isPresent() && hint.get().audience().size() == 1) {
            clientId = hint.get().audience().getFirst();
        }
        if (clientId != null && hint.isPresent() && !hint.get().audience().contains(clientId)) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "client_id is not the audience of the id_token_hint");
        }
        Client client = null;
        if (clientId != null) {
            client = clients.find(clientId).orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT,
                    "no registered client with this client_id"));
        }
        String target = p.get("post_logout_redirect_uri");
        if (target != null && (client == null
                || !RedirectUris.matches(client.registration().postLogoutRedirectUris(), target))) {
            throw new InvalidInputException(ErrorCode.INVALID_REDIRECT_URI, client == null
                    ? "post_logout_redirect_uri needs client_id or an id_token_hint naming the client"
                    : "post_logout_redirect_uri is not one the client registered");
        }
        String state = p.get("state");
        return new Request(client, target, state != null && state.length() <= MAX_STATE ? state : null, hint);
    }

    /** Whether the hint is an ID token issued from a grant of this browser session, to this account. */
    private boolean hintMatches(Request request, Caller caller) {
        return request.hint().filter(h -> h.sessionId() != null && h.subject().equals(caller.account().id()))
                .flatMap(h -> grants.find(h.sessionId()))
                .filter(g -> g.parentSessionId().equals(caller.session().id())
                        && (request.client() == null || g.clientId().equals(request.client().id())))
                .isPresent();
    }

    private void confirm(ServerRequest req, ServerResponse res, Caller caller, Request request) {
        Frame frame = pages.frame(req, caller, "logout.title", csrf.formToken("session:" + caller.session().id()));
        List<HiddenField> fields = new ArrayList<>();
        fields.add(new HiddenField("confirm", "yes"));
        if (request.client() != null) {
            fields.add(new HiddenField("client_id", request.client().id()));
        }
        if (request.postLogoutUri() != null) {
            fields.add(new HiddenField("post_logout_redirect_uri", request.postLogoutUri()));
        }
        if (request.state() != null) {
            fields.add(new HiddenField("state", request.state()));
        }
        String client = request.client() == null ? null : request.client().registration().displayName(request.client().id());
        pages.send(res, Status.OK_200, "oidc/logout.jte", new View(frame, client, fields),
                request.postLogoutUri() == null ? null : FormTargets.of(request.postLogoutUri()).orElse(null));
    }

    /** Sends the browser where the client asked, or to the sign-in page saying it is signed out. */
    private static void done(ServerResponse res, Request request) {
        if (request.postLogoutUri() == null) {
            Pages.redirect(res, "/login", Notice.SIGNED_OUT);
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        if (request.state() != null) {
            p.put("state", request.state());
        }
        res.header(HeaderNames.LOCATION, AuthorizationAnswers.withQuery(request.postLogoutUri(), p));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(Status.FOUND_302).send();
    }
}
