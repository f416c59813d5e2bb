package dev.gatehouse.server.pages;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.auth.SignIn;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /login} and {@code POST /login}: the sign-in form for browsers.
 *
 * <p>The form's synchronizer token is bound to a random nonce in its own short-lived cookie, so
 * a page on another site can neither read the token nor forge a sign-in (login CSRF).
 */
public final class LoginPage {

    private static final Duration FORM_LIFETIME = Duration.ofHours(1);

    private final SignIn signIn;
    private final Csrf csrf;

    public LoginPage(SignIn signIn, Csrf csrf) {
        this.signIn = signIn;
        this.csrf = csrf;
    }

    public void show(ServerRequest req, ServerResponse res) {
        String returnTo = Html.localPath(req.query().first("return_to").orElse(null));
        render(req, res, Status.OK_200, returnTo, "", null);
    }

    public void submit(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        String returnTo = Html.localPath(form.get("return_to"));
        String username = form.getOrDefault("username", "");
        String nonce = Cookies.read(req, Cookies.FORM_NONCE).orElse(null);
        try {
            csrf.checkFormToken(nonce == null ? null : "login:" + nonce, form.get("csrf"));
        } catch (NotPermittedException e) {
            render(req, res, Status.FORBIDDEN_403, returnTo, username, e.getMessage());
            return;
        }
        try {
            signIn.withCookie(req, res, username, form.getOrDefault("password", ""));
        } catch (NotAuthenticatedException e) {
            render(req, res, Status.UNAUTHORIZED_401, returnTo, username, e.getMessage());
            return;
        } catch (BusyException e) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            render(req, res, ErrorMapping.status(e), returnTo, username, e.getMessage());
            return;
        }
        Cookies.clear(res, Cookies.FORM_NONCE);
        res.header(HeaderNames.LOCATION, returnTo);
        res.status(Status.SEE_OTHER_303).send();
    }

    private void render(ServerRequest req, ServerResponse res, Status status, String returnTo, String username,
                        String error) {
        String nonce = Cookies.read(req, Cookies.FORM_NONCE).filter(n -> n.matches("[A-Za-z0-9_-]{22}")).orElse(null);
        if (nonce == null) {
            nonce = Secrets.randomToken(16);
            Cookies.set(res, Cookies.FORM_NONCE, nonce, FORM_LIFETIME, SameSite.STRICT);
        }
        String body = """
                <h1>Sign in</h1>
                %s
                <form method="post" action="/login">
                <input type="hidden" name="csrf" value="%s">
                <input type="hidden" name="return_to" value="%s">
                <label for="username">Username</label>
                <input type="text" id="username" name="username" value="%s" autocomplete="username" required autofocus>
                <label for="password">Password</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required>
                <button type="submit">Sign in</button>
                </form>
                """.formatted(error == null ? "" : "<p class=\"error\" role=\"alert\">" + Html.escape(error) + "</p>",
                csrf.formToken("login:" + nonce), Html.escape(returnTo), Html.escape(username));
        Html.send(res, status, "Sign in", body);
    }
}
