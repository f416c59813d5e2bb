package dev.gatehouse.server.pages;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.passkey.PasskeyEndpoints;
import dev.gatehouse.server.signin.SecondStep;
import dev.gatehouse.server.signin.SecondStep.Answer;
import dev.gatehouse.server.signin.SignInChallenges;
import dev.gatehouse.server.signin.SignInChallenges.Challenge;
import dev.gatehouse.server.signin.SignInChallenges.Issued;
import dev.gatehouse.server.signin.SignInChallenges.Stage;
import dev.gatehouse.server.signin.SignInChallenges.Transport;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /login/second-factor}: the sign-in page's second step, after a right password, for an
 * account with a second factor. A code from the authenticator app, or one of the recovery codes;
 * the challenge rides in an HttpOnly, SameSite=Strict cookie, and the form's synchronizer token is
 * bound to it. A wrong code says how many tries remain; a challenge that expired or was used up
 * sends the browser back to the password with a notice.
 *
 * <p>Passkeys: when the account has one, the page's script asks for its options ({@link
 * #passkeyOptions}), lets the browser sign them, and posts the result as {@code factor=passkey}
 * with {@code state} and {@code credential}; without script, the codes remain.
 */
public final class SecondFactorPage {

    public static final String PATH = "/login/second-factor";

    /** What the template shows. */
    public record View(Frame frame, String csrf, String factor, boolean offerRecoveryCode, boolean offerPasskey,
                       String error) {
    }

    private final Pages pages;
    private final SignIn signIn;
    private final SecondStep secondStep;
    private final Csrf csrf;

    public SecondFactorPage(Pages pages, SignIn signIn, SecondStep secondStep, Csrf csrf) {
        this.pages = pages;
        this.signIn = signIn;
        this.secondStep = secondStep;
        this.csrf = csrf;
    }

    /** Keeps a challenge in this browser for the step after the password. */
    static void holdChallenge(ServerResponse res, Issued challenge) {
        // the cookie may outlive the challenge by a moment; the challenge's own expiry is what counts
        Cookies.set(res, Cookies.SIGN_IN_CHALLENGE, challenge.value(), SignInChallenges.LIFETIME, SameSite.STRICT);
    }

    public void show(ServerRequest req, ServerResponse res) {
        Optional<Challenge> challenge = challenge(req, res, Stage.SECOND_FACTOR);
        if (challenge.isEmpty()) {
            return;
        }
        String factor = req.query().first("factor").filter(f -> f.equals(FactorKind.RECOVERY_CODE.code()))
                .orElse(FactorKind.TOTP.code());
        render(req, res, challenge.get(), Status.OK_200, factor, null);
    }

    public void submit(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Optional<Challenge> found = challenge(req, res, Stage.SECOND_FACTOR);
        if (found.isEmpty()) {
            return;
        }
        Challenge challenge = found.get();
        Texts t = Texts.of(req);
        String factor = FactorKind.RECOVERY_CODE.code().equals(form.get("factor")) ? FactorKind.RECOVERY_CODE.code()
                : FactorKind.TOTP.code();
        Answer answer;
        try {
            csrf.checkFormToken(binding(challenge), form.get("csrf"));
            answer = switch (form.getOrDefault("factor", "")) {
                case "passkey" -> secondStep.answerWithPasskey(challenge, form.getOrDefault("state", ""),
                        form.getOrDefault("credential", ""), signIn.device(req).ip());
                case "recovery_code" -> secondStep.answer(challenge, FactorKind.RECOVERY_CODE,
                        form.getOrDefault("code", "").strip());
                default -> secondStep.answer(challenge, FactorKind.TOTP, form.getOrDefault("code", "").strip());
            };
        } catch (NotAuthenticatedException e) {
            if (e.errorCode() == ErrorCode.INVALID_CHALLENGE && !"passkey".equals(form.get("factor"))) {
                ended(res);
                return;
            }
            render(req, res, challenge, ErrorMapping.status(e), factor, LoginPage.message(t, e));
            return;
        } catch (NotPermittedException | InvalidInputException e) {
            String key = "second-factor.error." + e.code();
            render(req, res, challenge, ErrorMapping.status(e), factor,
                    t.has(key) ? t.get(key) : LoginPage.message(t, e));
            return;
        } catch (BusyException e) {
            ErrorMapping.retryAfter(res, e);
            render(req, res, challenge, ErrorMapping.status(e), factor, LoginPage.message(t, e));
            return;
        }
        switch (answer) {
            case Answer.Proved proved -> {
                Cookies.clear(res, Cookies.SIGN_IN_CHALLENGE);
                signIn.completeWithCookie(req, res, proved.account(), proved.proof());
                res.header(HeaderNames.LOCATION, proved.then().returnTo());
                res.status(Status.SEE_OTHER_303).send();
            }
            case Answer.Wrong wrong when wrong.triesLeft() == 0 -> ended(res);
            case Answer.Wrong wrong -> render(req, res, challenge, Status.UNAUTHORIZED_401, factor,
                    t.get("second-factor.error.wrong", Integer.toString(wrong.triesLeft())));
        }
    }

    /**
     * {@code POST /login/second-factor/passkey-options}: the WebAuthn options for answering this
     * browser's challenge with a passkey, for the page's script. Without a challenge, 401.
     */
    public void passkeyOptions(ServerRequest req, ServerResponse res) {
        Challenge c = secondStep.challenges().open(Cookies.read(req, Cookies.SIGN_IN_CHALLENGE).orElse(null));
        if (c.then().transport() != Transport.PAGE) {
            throw new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE, "no sign-in of this page is waiting");
        }
        Json.send(res, Status.OK_200, PasskeyEndpoints.Options.of(secondStep.passkeyOptions(c)));
    }

    /**
     * The challenge this browser holds, at this stage and for the sign-in page; without one (it
     * expired, was used up, or never was), the browser is sent back to the password.
     */
    Optional<Challenge> challenge(ServerRequest req, ServerResponse res, Stage stage) {
        try {
            Challenge c = secondStep.challenges().open(Cookies.read(req, Cookies.SIGN_IN_CHALLENGE).orElse(null));
            if (c.stage() == stage && c.then().transport() == Transport.PAGE) {
                return Optional.of(c);
            }
        } catch (NotAuthenticatedException e) {
            // fall through: back to the password
        }
        ended(res);
        return Optional.empty();
    }

    static void ended(ServerResponse res) {
        Cookies.clear(res, Cookies.SIGN_IN_CHALLENGE);
        Pages.redirect(res, "/login", Notice.SIGN_IN_CHALLENGE_ENDED);
    }

    /** What a form of this challenge's pages is bound to. */
    static String binding(Challenge challenge) {
        return "second-factor:" + challenge.id();
    }

    private void render(ServerRequest req, ServerResponse res, Challenge challenge, Status status, String factor,
                        String error) {
        Set<FactorKind> usable = secondStep.usable(challenge);
        Frame frame = pages.frame(req, null, "second-factor.title", null);
        pages.sendReturning(res, status, "second_factor.jte", new View(frame, csrf.formToken(binding(challenge)), factor,
                usable.contains(FactorKind.RECOVERY_CODE), usable.contains(FactorKind.PASSKEY), error),
                challenge.then().returnTo());
    }
}
