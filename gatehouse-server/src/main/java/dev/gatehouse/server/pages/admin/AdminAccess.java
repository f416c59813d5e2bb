package dev.gatehouse.server.pages.admin;

import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.pages.StepUp;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the admin pages, decided in one place: an administrator signed in with a session
 * cookie (never an access token, in any carrier); forms also need their synchronizer token and
 * the origin check; sensitive actions a session that meets {@link StepUp#sensitive} (a recent
 * authentication, and a second factor when the administrator has one or the policy requires one).
 */
public final class AdminAccess {

    private final Authenticator authenticator;
    private final Csrf csrf;
    private final StepUp stepUp;

    public AdminAccess(Authenticator authenticator, Csrf csrf, StepUp stepUp) {
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.stepUp = stepUp;
    }

    /**
     * The administrator viewing a page. A browser that is not signed in is sent to sign in and
     * back (empty); a signed-in account without the admin role gets 403.
     */
    Optional<Caller> page(ServerRequest req, ServerResponse res) {
        if (authenticator.find(req).isEmpty()) {
            String back = req.path().path() + req.query().rawValue().transform(q -> q.isEmpty() ? "" : "?" + q);
            res.header(HeaderNames.LOCATION, "/login?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            res.status(Status.SEE_OTHER_303).send();
            return Optional.empty();
        }
        return Optional.of(authenticator.requireAdmin(req));
    }

    /** An administrator's form: read once, its token checked against the session. */
    Form form(ServerRequest req) {
        Caller caller = authenticator.requireAdmin(req);
        Map<String, String> fields = Forms.read(req);
        csrf.checkFormToken(binding(caller), fields.get("csrf"));
        return new Form(caller, fields);
    }

    /** The token of the forms on an administrator's pages (the same as the account page's). */
    String formToken(Caller caller) {
        return csrf.formToken(binding(caller));
    }

    /**
     * Whether a sensitive action may go ahead; if the session falls short, the browser is sent to
     * the step-up page and back to {@code back} (the page the action was asked from), and the
     * action is not done.
     */
    boolean confirmed(ServerResponse res, Caller caller, String back) {
        return stepUp.sensitive(res, caller, back);
    }

    private static String binding(Caller caller) {
        return "session:" + caller.session().id();
    }

    /** A submitted form and who submitted it. */
    record Form(Caller caller, Map<String, String> fields) {

        String get(String name) {
            return fields.getOrDefault(name, "");
        }
    }
}
