package dev.gatehouse.server.pages;

import dev.gatehouse.core.session.AuthenticationNeed;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.core.mfa.FactorSummary;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.oidc.Grants;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.passkey.PasskeyEndpoints;
import dev.gatehouse.server.http.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /step-up} and {@code POST /step-up}: a signed-in browser proves one more thing, then
 * goes back to {@code return_to} (validated as the sign-in page validates it). {@code need=recent}
 * asks for the password again; {@code need=mfa} for a code from the authenticator app, a
 * recovery code or a passkey (its options from {@link #passkeyOptions}, for the page's script).
 * {@code max_age} (seconds) only says, on the page, how recent it must be: any
 * step done here is as recent as can be.
 *
 * <p>A step that succeeds replaces the session ({@link Sessions#stepUp}): a new session with a new
 * cookie, the old one's methods plus this one, auth_time now; so the forms of pages loaded before
 * carry a token of the old session and must be loaded again, which the redirect does. Wrong
 * passwords count against the sign-in throttle, wrong codes against the second factors' own.
 *
 * <p>Each way of proving is a {@link Step}: a constant there, a branch in {@link #prove} and a
 * block of its own in {@code step-up.jte}.
 */
public final class StepUpPage {

    /**
     * What the template shows.
     *
     * @param need        {@code mfa} or {@code recent}, sent back with the form
     * @param maxAge      the {@code max_age} asked for, in seconds, sent back with the form; null when none
     * @param within      how recent it must be, in words, or null
     * @param password    whether the password is asked for
     * @param totp        whether an authenticator-app code is asked for
     * @param recovery    whether a recovery code may be used
     * @param passkey     whether the account has a passkey that could be used
     * @param noFactor    whether a second factor is asked for and the account has none
     */
    public record View(Frame frame, String need, Long maxAge, String within, String returnTo, String username,
                       boolean password, boolean totp, boolean recovery, boolean passkey, boolean noFactor,
                       String error) {
    }

    /** A way to prove one more thing on this page, by its form's {@code factor} value. */
    enum Step {
        PASSWORD("password", false),
        TOTP(FactorKind.TOTP.code(), true),
        RECOVERY_CODE(FactorKind.RECOVERY_CODE.code(), true),
        PASSKEY(FactorKind.PASSKEY.code(), true);

        private final String field;
        private final boolean secondFactor;

        Step(String field, boolean secondFactor) {
            this.field = field;
            this.secondFactor = secondFactor;
        }

        static Step of(String field, boolean mfa) {
            for (Step step : values()) {
                if (step.field.equals(field) && step.secondFactor == mfa) {
                    return step;
                }
            }
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "field 'factor' must be "
                    + (mfa ? "totp, recovery_code or passkey" : "password") + " for this step-up");
        }
    }

    /**
     * The longest {@code max_age} the page takes: a year, as {@code /v1/verify} does, so every
     * step-up address forward auth names opens here.
     */
    private static final long MAX_AGE_LIMIT = Duration.ofDays(366).toSeconds();

    private final Pages pages;
    private final Authenticator authenticator;
    private final Csrf csrf;
    private final SignIn signIn;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final Sessions sessions;
    private final Grants grants;
    private final ReturnTo returnTo;

    public StepUpPage(Pages pages, Authenticator authenticator, Csrf csrf, SignIn signIn, SecondFactors factors,
                      Passkeys passkeys, Sessions sessions, Grants grants, List<String> returnOrigins) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.signIn = signIn;
        this.factors = factors;
        this.passkeys = passkeys;
        this.sessions = sessions;
        this.grants = grants;
        this.returnTo = new ReturnTo(returnOrigins);
    }

    /**
     * {@code POST /step-up/passkey-options}: the WebAuthn options that ask for one of the signed-in
     * account's passkeys, for the page's script (a same-origin request: the origin check applies).
     */
    public void passkeyOptions(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, PasskeyEndpoints.Options.of(passkeys.authenticationOptions(caller.account())));
    }

    public void show(ServerRequest req, ServerResponse res) {
        Optional<Caller> found = authenticator.find(req).filter(c -> c.token() == null);
        if (found.isEmpty()) {
            String back = StepUp.PATH + req.query().rawValue().transform(q -> q.isEmpty() ? "" : "?" + q);
            res.header(HeaderNames.LOCATION, "/login?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            res.status(Status.SEE_OTHER_303).send();
            return;
        }
        AuthenticationNeed need = need(req.query().first("need").asOptional(), req.query().first("max_age").asOptional());
        render(req, res, found.get(), Status.OK_200, need, returnTo.resolve(req.query().first("return_to").orElse(null)),
                null);
    }

    public void submit(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        if (caller.token() != null) {
            throw new NotPermittedException(ErrorCode.BROWSER_SESSION_REQUIRED,
                    "a step-up is for a browser signed in with the session cookie");
        }
        Map<String, String> form = Forms.read(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        AuthenticationNeed need = need(Optional.ofNullable(form.get("need")), Optional.ofNullable(form.get("max_age")));
        String target = returnTo.resolve(form.get("return_to"));
        Step step = Step.of(form.get("factor"), need.multiFactor());
        AuthMethod method;
        try {
            method = prove(req, caller, step, form);
        } catch (NotAuthenticatedException | BusyException | InvalidInputException e) {
            if (e instanceof BusyException busy) {
                ErrorMapping.retryAfter(res, busy);
            }
            render(req, res, caller, ErrorMapping.status(e), need, target, message(Texts.of(req), e));
            return;
        }
        Sessions.Issued issued = sessions.stepUp(caller.account(), caller.session(), method);
        // The clients signed in through this session stay signed in: their grants follow it.
        grants.moveTo(caller.session().id(), issued.session().id());
        Instant now = pages.clock().instant();
        Cookies.set(res, Cookies.SESSION, issued.token(), Duration.between(now, issued.session().absoluteExpiresAt()),
                SameSite.LAX);
        res.header(HeaderNames.LOCATION, target);
        res.status(Status.SEE_OTHER_303).send();
    }

    /** Checks what was entered; the method it proves, or the refusal. */
    private AuthMethod prove(ServerRequest req, Caller caller, Step step, Map<String, String> form) {
        Account account = caller.account();
        return switch (step) {
            case PASSWORD -> {
                Account checked = signIn.password(req, account.username(), form.getOrDefault("password", ""));
                if (!checked.id().equals(account.id())) {
                    // the name now belongs to another account (renamed since sign-in): not this one's password
                    throw new NotAuthenticatedException(ErrorCode.INVALID_CREDENTIALS, "wrong password");
                }
                yield AuthMethod.PASSWORD;
            }
            case TOTP -> factors.verify(account, FactorKind.TOTP, form.getOrDefault("code", "").strip());
            case RECOVERY_CODE -> factors.verify(account, FactorKind.RECOVERY_CODE, form.getOrDefault("code", "").strip());
            case PASSKEY -> passkeys.verifyForAccount(account, form.getOrDefault("state", ""),
                    form.getOrDefault("credential", ""), signIn.device(req).ip());
        };
    }

    /** The need a query or form names; {@code need} absent means {@code recent}. */
    private static AuthenticationNeed need(Optional<String> need, Optional<String> maxAge) {
        boolean mfa = switch (need.orElse("recent")) {
            case "recent" -> false;
            case "mfa" -> true;
            default -> throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "parameter 'need' must be mfa or recent");
        };
        Optional<String> given = maxAge.filter(s -> !s.isEmpty());
        Duration age = given.isEmpty() ? null
                : Duration.ofSeconds(Parameters.number(given, "max_age", 0, 0, MAX_AGE_LIMIT));
        return new AuthenticationNeed(mfa, age);
    }

    private static String message(Texts t, GatehouseException e) {
        String key = "stepup.error." + e.code();
        if (t.has(key)) {
            return t.get(key);
        }
        return LoginPage.message(t, e);
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, AuthenticationNeed need,
                        String target, String error) {
        Frame frame = pages.frame(req, caller, "stepup.title", csrf.formToken("session:" + caller.session().id()));
        boolean totp = false;
        boolean recovery = false;
        boolean passkey = false;
        boolean noFactor = false;
        if (need.multiFactor()) {
            FactorSummary summary = factors.summary(caller.account().id());
            totp = summary.totp();
            recovery = summary.recoveryCodesLeft() > 0;
            passkey = summary.usable().contains(FactorKind.PASSKEY);
            noFactor = !summary.hasSecondFactor();
        }
        Long maxAge = need.maxAge() == null ? null : need.maxAge().toSeconds();
        String within = need.maxAge() == null ? null : Waits.describe(need.maxAge(), frame.t());
        pages.send(res, status, "step-up.jte", new View(frame, need.multiFactor() ? "mfa" : "recent", maxAge, within, target,
                caller.account().username(), !need.multiFactor(), totp, recovery, passkey, noFactor, error));
    }
}
