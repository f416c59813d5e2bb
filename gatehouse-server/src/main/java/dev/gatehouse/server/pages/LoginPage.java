package dev.gatehouse.server.pages;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.signin.SecondStep;
import dev.gatehouse.server.signin.SecondStep.AfterPassword;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
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
 * a page on another site can neither read the token nor forge a sign-in (login CSRF). Errors
 * never say whether an account exists; a throttled or busy answer says how long to wait. After a
 * right password, an account with a second factor goes on to {@link SecondFactorPage}, one that
 * must enrol one to {@link SignInEnrolmentPage}; the challenge between them rides in a cookie.
 */
public final class LoginPage {

    /** What the template shows. */
    public record View(Frame frame, String csrf, String returnTo, String username, String error) {
    }

    private static final Duration FORM_LIFETIME = Duration.ofHours(1);

    private final Pages pages;
    private final SignIn signIn;
    private final SecondStep secondStep;
    private final Csrf csrf;
    private final ReturnTo returnTo;

    public LoginPage(Pages pages, SignIn signIn, SecondStep secondStep, Csrf csrf, java.util.List<String> returnOrigins) {
        this.pages = pages;
        this.signIn = signIn;
        this.secondStep = secondStep;
        this.csrf = csrf;
        this.returnTo = new ReturnTo(returnOrigins);
    }

    public void show(ServerRequest req, ServerResponse res) {
        // login_hint (OpenID Connect) only pre-fills the name: a hint that could not be one is dropped
        String hint = req.query().first("login_hint").filter(h -> h.length() <= 100 && !h.isBlank()).orElse("");
        render(req, res, Status.OK_200, returnTo.resolve(req.query().first("return_to").orElse(null)), hint, null);
    }

    public void submit(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        String target = returnTo.resolve(form.get("return_to"));
        String username = form.getOrDefault("username", "");
        String nonce = Cookies.read(req, Cookies.FORM_NONCE).orElse(null);
        Texts t = Texts.of(req);
        Account account;
        AfterPassword next;
        try {
            csrf.checkFormToken(nonce == null ? null : "login:" + nonce, form.get("csrf"));
            account = signIn.password(req, username, form.getOrDefault("password", ""));
            next = secondStep.afterPassword(account, Completion.page(target), true);
        } catch (NotPermittedException | NotAuthenticatedException e) {
            render(req, res, ErrorMapping.status(e), target, username, message(t, e));
            return;
        } catch (BusyException e) {
            ErrorMapping.retryAfter(res, e);
            render(req, res, ErrorMapping.status(e), target, username, message(t, e));
            return;
        }
        Cookies.clear(res, Cookies.FORM_NONCE);
        switch (next) {
            case AfterPassword.Done done -> {
                signIn.completeWithCookie(req, res, account, done.proof());
                res.header(HeaderNames.LOCATION, target);
            }
            case AfterPassword.Challenged c -> {
                SecondFactorPage.holdChallenge(res, c.challenge());
                res.header(HeaderNames.LOCATION, SecondFactorPage.PATH);
            }
            case AfterPassword.Enrolling e -> {
                SecondFactorPage.holdChallenge(res, e.challenge());
                res.header(HeaderNames.LOCATION, SignInEnrolmentPage.PATH);
            }
        }
        res.status(Status.SEE_OTHER_303).send();
    }

    /** The human text of a refusal: by its stable code, with the wait where there is one. */
    public static String message(Texts t, GatehouseException e) {
        if (e instanceof BusyException busy) {
            String wait = Waits.describe(busy.retryAfter(), t);
            return e.errorCode() == ErrorCode.TOO_MANY_ATTEMPTS ? t.get("login.error.throttled", wait)
                    : t.get("login.error.busy", wait);
        }
        String key = "login.error." + e.code();
        return t.has(key) ? t.get(key) : t.get("login.error.invalid_credentials");
    }

    private void render(ServerRequest req, ServerResponse res, Status status, String target, String username,
                        String error) {
        String nonce = Cookies.read(req, Cookies.FORM_NONCE).filter(n -> n.matches("[A-Za-z0-9_-]{22}")).orElse(null);
        if (nonce == null) {
            nonce = Secrets.randomToken(16);
            Cookies.set(res, Cookies.FORM_NONCE, nonce, FORM_LIFETIME, SameSite.STRICT);
        }
        Frame frame = pages.frame(req, null, "login.title", null);
        pages.sendReturning(res, status, "login.jte", new View(frame, csrf.formToken("login:" + nonce), target, username,
                error), target);
    }
}
