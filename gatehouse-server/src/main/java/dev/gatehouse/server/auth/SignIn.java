package dev.gatehouse.server.auth;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.server.http.ClientAddress;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.metrics.GatehouseMetrics;
import dev.gatehouse.server.metrics.GatehouseMetrics.SignInOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Signing in with a cookie, shared by the JSON API and the HTML form: check the password, start
 * a new session (never reuse one the browser already has: no fixation), set the cookie. Between
 * the two, an account with a second factor takes a second step ({@code SecondStep}): the
 * session starts only once that is done, proved by both. Every
 * password check of a sign-in, over any transport, passes here and is counted by outcome.
 *
 * <p>A browser that signs in while presenting a session cookie still valid ends that session
 * first ({@link RevokeReason#REPLACED_BY_SIGN_IN}), whichever account signs in now: the new
 * cookie replaces the old one in that browser, so the old session could never be used or signed
 * out from there again, and would only sit in the account's list until it idled out. A failed
 * sign-in leaves it alone.
 */
public final class SignIn {

    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionPolicy policy;
    private final ClientAddress clientAddress;
    private final GatehouseMetrics metrics;
    private final Clock clock;

    public SignIn(Accounts accounts, Sessions sessions, SessionPolicy policy, ClientAddress clientAddress,
                  GatehouseMetrics metrics, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.sessions = sessions;
        this.policy = policy;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
    }

    /** Checks a name and password; what follows (a session, or a second step) is the caller's. */
    public Account password(ServerRequest req, String username, String password) {
        return authenticate(username, password, clientAddress.of(req));
    }

    /**
     * Starts a cookie session for an account that has just proved who it is, as {@code proof}
     * says (its password, and a second factor when it has one), in place of the session this
     * browser presents: the one way the sign-in form, its second step and the JSON sign-in set
     * the session cookie. Token cookies are dropped.
     */
    public Caller completeWithCookie(ServerRequest req, ServerResponse res, Account account, Authentications proof) {
        endPresentedSession(req);
        return startCookieSession(res, account, device(req), proof);
    }

    /**
     * Ends the session whose cookie the request presents, if it is still active: called by a
     * sign-in that is about to replace that cookie.
     */
    public void endPresentedSession(ServerRequest req) {
        Cookies.read(req, Cookies.SESSION).ifPresent(token -> sessions.endPresented(token, RevokeReason.REPLACED_BY_SIGN_IN));
    }

    /**
     * Starts a cookie session for an account whose password was just checked by the caller (a
     * password change), in place of {@code previous}: the new session proved what that one did,
     * and the password now, so a change does not cost the browser its second factor. The cookie
     * is set on {@code res}, token cookies dropped.
     */
    public Caller startCookieSession(ServerRequest req, ServerResponse res, Account account, Session previous) {
        return startCookieSession(res, account, device(req),
                previous.authentications().plus(AuthMethod.PASSWORD, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    private Caller startCookieSession(ServerResponse res, Account account, Device device, Authentications proof) {
        Sessions.Issued issued = sessions.start(account, Clients.WEB, device, proof);
        Cookies.set(res, Cookies.SESSION, issued.token(), policy.absoluteTimeout(), SameSite.LAX);
        // one transport per browser: token cookies of an earlier SPA sign-in go
        Cookies.clear(res, Cookies.ACCESS_TOKEN);
        Cookies.clear(res, Cookies.REFRESH_TOKEN);
        return new Caller(account, issued.session());
    }

    private Account authenticate(String username, String password, String ip) {
        try {
            Account account = accounts.authenticate(username, password, ip);
            metrics.signIn(SignInOutcome.SUCCESS);
            return account;
        } catch (NotAuthenticatedException e) {
            metrics.signIn(e.errorCode() == ErrorCode.ACCOUNT_LOCKED ? SignInOutcome.ACCOUNT_LOCKED
                    : SignInOutcome.INVALID_CREDENTIALS);
            throw e;
        } catch (BusyException e) {
            metrics.signIn(SignInOutcome.BUSY);
            throw e;
        }
    }

    /** The requesting device as sessions record it. */
    public Device device(ServerRequest req) {
        return new Device(req.headers().first(HeaderNames.USER_AGENT).orElse(""), clientAddress.of(req));
    }
}
