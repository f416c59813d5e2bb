package dev.gatehouse.server.pages;

import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.FactorSummary;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The "Two-step sign-in" section of {@code /account} and its actions: set up an authenticator app
 * (QR code, secret as text, a first code to confirm it, then the recovery codes once), remove it,
 * and replace the recovery codes.
 *
 * <p>Removing the app and new recovery codes weaken or replace a factor, so they ask for the
 * current password again (checked and throttled like a sign-in). The enrolment being confirmed
 * travels back with its form sealed to this session, so a wrong first code shows the same QR
 * code again without the secret ever being readable on the way.
 */
public final class TwoStepPages {

    /** What the account page's section shows. */
    /**
     * @param secondFactor whether the account has any second factor (an app or a passkey): then
     *                     recovery codes can be made
     */
    public record Section(boolean totp, int recoveryCodesLeft, boolean secondFactor) {
    }

    private static final String ENROLMENT_CONTEXT = "gatehouse totp enrolment form:";

    private final Pages pages;
    private final Authenticator authenticator;
    private final SecondFactors factors;
    private final SignIn signIn;
    private final Csrf csrf;
    private final Sealer sealer;
    private final StepUp stepUp;

    /** @param enrolmentKey 32 bytes, derived from the master key for enrolment forms only */
    public TwoStepPages(Pages pages, Authenticator authenticator, SecondFactors factors, SignIn signIn, Csrf csrf,
                        StepUp stepUp,
                        byte[] enrolmentKey) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.factors = factors;
        this.signIn = signIn;
        this.csrf = csrf;
        this.sealer = new Sealer(enrolmentKey);
        this.stepUp = stepUp;
    }

    /** The section of the account page for this caller. */
    public Section section(Caller caller) {
        FactorSummary summary = factors.summary(caller.account().id());
        return new Section(summary.totp(), summary.recoveryCodesLeft(), summary.hasSecondFactor());
    }

    /** Starts setting up an authenticator app: a new secret, pending until its first code. */
    public void startApp(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req, Forms.read(req));
        TotpEnrolment enrolment = factors.startTotp(caller.account());
        renderSetup(req, res, caller, enrolment, Status.OK_200, null);
    }

    /** Confirms the app with its first code; shows the new recovery codes once. */
    public void confirmApp(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Caller caller = requireForm(req, form);
        TotpEnrolment enrolment = open(caller, form.get("enrolment"));
        Texts t = Texts.of(req);
        List<String> codes;
        try {
            codes = factors.confirmTotp(caller.account(), form.getOrDefault("code", "").replace(" ", ""));
        } catch (NotAuthenticatedException | BusyException e) {
            if (e instanceof BusyException busy) {
                ErrorMapping.retryAfter(res, busy);
            }
            String message = e.errorCode() == ErrorCode.INVALID_CODE ? t.get("totp.setup.error.wrong") : LoginPage.message(t, e);
            renderSetup(req, res, caller, enrolment, ErrorMapping.status(e), message);
            return;
        }
        if (codes.isEmpty()) {
            Pages.redirect(res, "/account", Notice.TOTP_ENABLED);
            return;
        }
        renderCodes(req, res, caller, codes);
    }

    /** Removes the authenticator app: a sensitive action (see {@link StepUp#sensitive}). */
    public void removeApp(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Caller caller = requireForm(req, form);
        if (!stepUp.sensitive(res, caller, "/account")) {
            return;
        }
        factors.removeTotp(caller.account());
        Pages.redirect(res, "/account", Notice.TOTP_REMOVED);
    }

    /** Replaces the recovery codes, a sensitive action; the new ones are shown once. */
    public void newRecoveryCodes(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Forms.read(req);
        Caller caller = requireForm(req, form);
        if (!stepUp.sensitive(res, caller, "/account")) {
            return;
        }
        renderCodes(req, res, caller, factors.regenerateRecoveryCodes(caller.account()));
    }

    private Caller requireForm(ServerRequest req, Map<String, String> form) {
        Caller caller = authenticator.require(req);
        csrf.checkFormToken("session:" + caller.session().id(), form.get("csrf"));
        return caller;
    }

    private String seal(Caller caller, TotpEnrolment enrolment) {
        byte[] plain = (enrolment.secret() + "\n" + enrolment.uri()).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                sealer.seal(plain, ENROLMENT_CONTEXT + caller.session().id()));
    }

    private TotpEnrolment open(Caller caller, String carried) {
        try {
            String plain = new String(sealer.open(Base64.getUrlDecoder().decode(carried == null ? "" : carried),
                    ENROLMENT_CONTEXT + caller.session().id()), StandardCharsets.UTF_8);
            int nl = plain.indexOf('\n');
            return new TotpEnrolment(plain.substring(0, nl), plain.substring(nl + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD,
                    "the enrolment form has expired or was altered; start setting up the app again");
        }
    }

    private void renderSetup(ServerRequest req, ServerResponse res, Caller caller, TotpEnrolment enrolment, Status status,
                             String error) {
        String token = csrf.formToken("session:" + caller.session().id());
        Frame frame = pages.frame(req, caller, "totp.setup.title", token);
        pages.send(res, status, "totp_setup.jte", TotpSetup.of(frame, token, "/account/two-step/app/confirm",
                enrolment, seal(caller, enrolment), error));
    }

    private void renderCodes(ServerRequest req, ServerResponse res, Caller caller, List<String> codes) {
        Frame frame = pages.frame(req, caller, "recovery.title", csrf.formToken("session:" + caller.session().id()));
        pages.send(res, Status.OK_200, "recovery_codes.jte", new RecoveryCodes(frame, codes, null, null, "/account"));
    }
}
