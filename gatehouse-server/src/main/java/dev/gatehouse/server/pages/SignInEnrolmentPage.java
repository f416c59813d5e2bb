package dev.gatehouse.server.pages;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.signin.SecondStep;
import dev.gatehouse.server.signin.SecondStep.Answer;
import dev.gatehouse.server.signin.SignInChallenges.Challenge;
import dev.gatehouse.server.signin.SignInChallenges.Stage;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /login/enrol}: an account the policy ({@code mfa.required}) requires a second factor of,
 * and that has none, sets up an authenticator app right after its password: the QR code and the
 * secret (carried sealed in the challenge cookie, so a reload shows the same one), a first code
 * to confirm it, the recovery codes once, and then the sign-in completes, proved by the password
 * and that first code.
 */
public final class SignInEnrolmentPage {

    public static final String PATH = "/login/enrol";
    private static final String FINISH = "/login/enrol/finish";

    private final Pages pages;
    private final SignIn signIn;
    private final SecondStep secondStep;
    private final SecondFactorPage secondFactorPage;
    private final Csrf csrf;

    public SignInEnrolmentPage(Pages pages, SignIn signIn, SecondStep secondStep, SecondFactorPage secondFactorPage,
                               Csrf csrf) {
        this.pages = pages;
        this.signIn = signIn;
        this.secondStep = secondStep;
        this.secondFactorPage = secondFactorPage;
        this.csrf = csrf;
    }

    public void show(ServerRequest req, ServerResponse res) {
        secondFactorPage.challenge(req, res, Stage.ENROL).ifPresent(c -> render(req, res, c, Status.OK_200, null));
    }

    /** Confirms the app with its first code; then the recovery codes, once. */
    public void confirm(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Optional<Challenge> found = secondFactorPage.challenge(req, res, Stage.ENROL);
        if (found.isEmpty()) {
            return;
        }
        Challenge challenge = found.get();
        Texts t = Texts.of(req);
        SecondStep.Enrolled enrolled;
        try {
            csrf.checkFormToken(SecondFactorPage.binding(challenge), form.get("csrf"));
            enrolled = secondStep.confirmEnrolment(challenge, form.getOrDefault("code", "").replace(" ", ""));
        } catch (NotAuthenticatedException | NotPermittedException | InvalidInputException | BusyException e) {
            if (e.errorCode() == ErrorCode.INVALID_CHALLENGE) {
                SecondFactorPage.ended(res);
                return;
            }
            if (e instanceof BusyException busy) {
                ErrorMapping.retryAfter(res, busy);
            }
            render(req, res, challenge, ErrorMapping.status(e), LoginPage.message(t, e));
            return;
        }
        if (enrolled.next() == null) {
            if (enrolled.triesLeft() == 0) {
                SecondFactorPage.ended(res);
                return;
            }
            render(req, res, challenge, Status.UNAUTHORIZED_401,
                    t.get("second-factor.error.wrong", Integer.toString(enrolled.triesLeft())));
            return;
        }
        SecondFactorPage.holdChallenge(res, enrolled.next());
        Frame frame = pages.frame(req, null, "recovery.title", null);
        pages.sendReturning(res, Status.OK_200, "recovery_codes.jte", new RecoveryCodes(frame, enrolled.recoveryCodes(),
                csrf.formToken(SecondFactorPage.binding(enrolled.next().challenge())), FINISH, null),
                challenge.then().returnTo());
    }

    /** The user has seen the recovery codes: the sign-in completes. */
    public void finish(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Optional<Challenge> found = secondFactorPage.challenge(req, res, Stage.ENROLLED);
        if (found.isEmpty()) {
            return;
        }
        Answer.Proved proved;
        try {
            csrf.checkFormToken(SecondFactorPage.binding(found.get()), form.get("csrf"));
            proved = secondStep.finishEnrolment(Cookies.read(req, Cookies.SIGN_IN_CHALLENGE).orElse(null));
        } catch (GatehouseException e) {
            // a forged or stale form, or a challenge used meanwhile: the password again
            SecondFactorPage.ended(res);
            return;
        }
        Cookies.clear(res, Cookies.SIGN_IN_CHALLENGE);
        signIn.completeWithCookie(req, res, proved.account(), proved.proof());
        res.header(HeaderNames.LOCATION, proved.then().returnTo());
        res.status(Status.SEE_OTHER_303).send();
    }

    private void render(ServerRequest req, ServerResponse res, Challenge challenge, Status status, String error) {
        Frame frame = pages.frame(req, null, "totp.setup.title", null);
        pages.send(res, status, "totp_setup.jte", TotpSetup.of(frame, csrf.formToken(SecondFactorPage.binding(challenge)),
                PATH, challenge.enrolment(), null, error));
    }
}
