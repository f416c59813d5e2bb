package dev.gatehouse.server.oidc;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.oidc.AuthorizationRequest;
import dev.gatehouse.core.oidc.Consents;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.pages.FormTargets;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.ScopeWords;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consent page: which client asks for what, in plain words, with Allow and Deny.
 *
 * <p>The form carries the authorization request's parameters back ({@code POST /oauth2/consent}),
 * where they are checked again from the start, as any request to {@code /oauth2/authorize} is:
 * nothing on the page is trusted because the page showed it. The form is bound to the session by
 * its synchronizer token, as every form of a signed-in page is. Allowing remembers the consent
 * (merged with earlier ones) and answers with a code; denying answers {@code access_denied}.
 */
public final class ConsentPage {

    /** What the template shows. */
    public record View(Frame frame, String client, List<String> scopes, List<HiddenField> fields) {
    }

    public static final String PATH = "/oauth2/consent";

    private final Pages pages;
    private final Authenticator authenticator;
    private final Csrf csrf;
    private final Consents consents;
    private final SignIn signIn;
    private AuthorizeEndpoint authorize;

    public ConsentPage(Pages pages, Authenticator authenticator, Csrf csrf, Consents consents, SignIn signIn) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.consents = consents;
        this.signIn = signIn;
    }

    /** The endpoint whose requests this page completes (the two refer to each other). */
    public void completes(AuthorizeEndpoint endpoint) {
        this.authorize = endpoint;
    }

    void show(ServerRequest req, ServerResponse res, Caller caller, AuthorizationRequest request) {
        Frame frame = pages.frame(req, caller, "consent.title", csrf.formToken("session:" + caller.session().id()));
        List<HiddenField> fields = new ArrayList<>();
        request.parameters().forEach((name, value) -> fields.add(new HiddenField(name, value)));
        String client = request.client().registration().displayName(request.client().id());
        pages.send(res, Status.OK_200, "oidc/consent.jte", new View(frame, client, ScopeWords.of(frame.t(), request.scopes()),
                fields), FormTargets.of(request.redirectUri()).orElse(null));
    }

    /** {@code POST /oauth2/consent}: the user's answer. */
    public void submit(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        if (caller.token() != null) {
            throw new NotPermittedException(ErrorCode.BROWSER_SESSION_REQUIRED, "consent is given in a signed-in browser");
        }
        Map<String, String> form = new HashMap<>(Forms.read(req));
        csrf.checkFormToken("session:" + caller.session().id(), form.remove("csrf"));
        String decision = form.remove("decision");
        if (!"allow".equals(decision) && !"deny".equals(decision)) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "field 'decision' must be allow or deny");
        }
        form.keySet().retainAll(AuthorizationRequest.PARAMETERS);
        authorize.check(res, form, Set.of()).ifPresent(request -> {
            if (decision.equals("deny")) {
                authorize.deny(res, request);
                return;
            }
            consents.grant(caller.account(), request.client().id(), request.scopes(), caller.session().id(),
                    signIn.device(req).ip());
            authorize.issue(res, caller, request);
        });
    }
}
