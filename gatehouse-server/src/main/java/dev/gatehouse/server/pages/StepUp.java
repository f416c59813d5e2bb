package dev.gatehouse.server.pages;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.AuthenticationNeed;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.server.auth.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether a browser session has proved enough for what it is about to do, decided in one place
 * for every page: a second factor, an authentication recent enough, or both. A session that falls
 * short is sent to {@code /step-up} with what it needs and where to come back to; the action is
 * not done, and the browser repeats it once the session is stepped up.
 *
 * <p>The sensitive actions of the admin dashboard and of the account page ask for
 * {@link #sensitive}: the last authentication within {@code pages.reauth-after}, and a
 * multi-factor session when the account has a second factor or the policy requires one. Asking
 * for the second factor as soon as the account has one means a stolen password alone never
 * reaches them; asking when the policy requires one and the account has none sends it to the
 * step-up page, which explains how to enrol.
 */
public final class StepUp {

    /** The step-up page. */
    public static final String PATH = "/step-up";

    /** The query of the step-up page for {@code need}: {@code need=mfa|recent}, and {@code max_age} in seconds. */
    public static String query(AuthenticationNeed need) {
        return "need=" + (need.multiFactor() ? "mfa" : "recent")
                + (need.maxAge() == null ? "" : "&max_age=" + need.maxAge().toSeconds());
    }

    private final SecondFactors factors;
    private final Duration reauthAfter;
    private final Clock clock;

    /** @param reauthAfter how old the last authentication may be for a sensitive action ({@code pages.reauth-after}) */
    public StepUp(SecondFactors factors, Duration reauthAfter, Clock clock) {
        this.factors = factors;
        this.reauthAfter = reauthAfter;
        this.clock = clock;
    }

    /**
     * What a sensitive action needs of this caller: a recent authentication, and two factors when
     * the account has a second factor or must have one. A session that proved two factors already
     * needs no look at the account's factors.
     */
    public AuthenticationNeed forSensitiveAction(Caller caller) {
        Account account = caller.account();
        boolean mfa = caller.session().authentications().isMultiFactor() || factors.policy().requires(account)
                || factors.summary(account.id()).hasSecondFactor();
        return new AuthenticationNeed(mfa, reauthAfter);
    }

    /** Whether the caller's session meets {@code need} now. */
    public boolean isMet(Session session, AuthenticationNeed need) {
        return need.isMetBy(session.authentications(), clock.instant());
    }

    /**
     * Whether the caller may go on with an action that needs {@code need}. If not, the browser is
     * sent (303) to the step-up page, and from there back to {@code returnTo}, a path on Gatehouse
     * (a page, never the form's POST target).
     */
    public boolean require(ServerResponse res, Caller caller, AuthenticationNeed need, String returnTo) {
        if (isMet(caller.session(), need)) {
            return true;
        }
        res.header(HeaderNames.LOCATION, location(need.shortfall(caller.session().authentications()), returnTo));
        res.status(Status.SEE_OTHER_303).send();
        return false;
    }

    /** {@link #require} with {@link #forSensitiveAction}: the check of the dashboard's and the account page's sensitive actions. */
    public boolean sensitive(ServerResponse res, Caller caller, String returnTo) {
        return require(res, caller, forSensitiveAction(caller), returnTo);
    }

    /**
     * The check of a sensitive action over JSON: the same need as {@link #sensitive}, refused
     * with 403 {@code step_up_required} instead of a redirect (an app steps up by signing in again).
     */
    public void demandForApi(Caller caller) {
        AuthenticationNeed need = forSensitiveAction(caller);
        if (!isMet(caller.session(), need)) {
            throw new NotPermittedException(ErrorCode.STEP_UP_REQUIRED, "this needs "
                    + (need.shortfall(caller.session().authentications()).multiFactor() ? "a second factor and " : "")
                    + "an authentication in the last " + need.maxAge().toMinutes() + " minutes");
        }
    }

    /** The address of the step-up page for {@code need}, coming back to {@code returnTo}. */
    public static String location(AuthenticationNeed need, String returnTo) {
        return PATH + "?" + query(need) + "&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
    }
}
