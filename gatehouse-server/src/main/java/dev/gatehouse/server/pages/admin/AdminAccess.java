package dev.gatehouse.server.pages.admin;

import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
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
 * Who may use the admin pages, decided in one place: an administrator signed in with a session
 * cookie (never an access token, in any carrier); forms also need their synchronizer token and
 * the origin check; sensitive actions a recent password.
 */
public final class AdminAccess {

    private final Authenticator authenticator;
    private final Csrf csrf;
    private final RecentPassword recentPassword;

    public AdminAccess(Authenticator authenticator, Csrf csrf, RecentPassword recentPassword) {
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.recentPassword = recentPassword;
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
     * Whether a sensitive action may go ahead; if the password was entered too long ago, the
     * browser is sent to confirm it and come back to {@code back}, and the action is not done.
     */
    boolean confirmed(ServerRequest req, ServerResponse res, Caller caller, String back) {
        if (recentPassword.isRecent(req, caller.session())) {
            return true;
        }
        res.header(HeaderNames.LOCATION, "/admin/confirm?back=" + URLEncoder.encode(AdminPaths.back(back),
                StandardCharsets.UTF_8));
        res.status(Status.SEE_OTHER_303).send();
        return false;
    }

    RecentPassword recentPassword() {
        return recentPassword;
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
