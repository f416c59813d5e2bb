package dev.gatehouse.server.pages;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionPage;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Forms;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /account}: who I am, my sessions and devices with buttons to end them, and a form to
 * change my password. Every form carries a synchronizer token bound to the session, on top of
 * the origin check every cookie-authenticated unsafe request gets; every action answers with a
 * redirect to a page that says what happened.
 */
public final class AccountPage {

    /** One row of the sessions table. */
    public record Row(String id, String device, String ip, Ago signedIn, Ago lastUsed, boolean current) {
    }

    /** One recent security event. */
    public record Event(Ago at, String what, String detail, String ip) {
    }

    /** What the template shows. */
    public record View(Frame frame, String username, List<Row> sessions, String nextPath, List<Event> events,
                       String passwordError, TwoStepPages.Section twoStep, AccountPasskeys.Section passkeys,
                       AccountApps.Section apps) {
    }

    private static final int EVENTS = 10;

    private final Pages pages;
    private final Authenticator authenticator;
    private final Sessions sessions;
    private final Accounts accounts;
    private final AuditTrail audit;
    private final SignIn signIn;
    private final Csrf csrf;
    private final TwoStepPages twoStep;
    private final AccountPasskeys passkeys;
    private final AccountApps apps;

    public AccountPage(Pages pages, Authenticator authenticator, Sessions sessions, Accounts accounts, AuditTrail audit,
                       SignIn signIn, Csrf csrf, TwoStepPages twoStep, AccountPasskeys passkeys, AccountApps apps) {
        this.pages = pages;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.accounts = accounts;
        this.audit = audit;
        this.signIn = signIn;
        this.csrf = csrf;
        this.twoStep = twoStep;
        this.passkeys = passkeys;
        this.apps = apps;
    }

    public void show(ServerRequest req, ServerResponse res) {
        Optional<Caller> found = authenticator.find(req).filter(c -> c.token() == null);
        if (found.isEmpty()) {
            res.header(HeaderNames.LOCATION, "/login?return_to=" + URLEncoder.encode("/account", StandardCharsets.UTF_8));
            res.status(Status.SEE_OTHER_303).send();
            return;
        }
        render(req, res, found.get(), Status.OK_200, null);
    }

    /** Ends one session; ending this device's own is signing out. */
    public void revoke(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req);
        String sid = form(req).get("sid");
        boolean current = caller.session().id().equals(sid);
        try {
            if (sid == null) {
                throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND, "no active session with this id");
            }
            sessions.revoke(caller.account().id(), sid, current ? RevokeReason.SIGN_OUT : RevokeReason.REVOKED_BY_USER);
        } catch (NotFoundException e) {
            // it ended elsewhere in the meantime: what the user wanted is true already
            Pages.redirect(res, "/account", Notice.SESSION_ALREADY_ENDED);
            return;
        }
        if (current) {
            TokenTransport.clearAll(res);
            Pages.redirect(res, "/login", Notice.SIGNED_OUT);
        } else {
            Pages.redirect(res, "/account", Notice.SESSION_ENDED);
        }
    }

    /** Ends every session of mine but this one. */
    public void revokeOthers(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req);
        String cursor = null;
        do {
            SessionPage page = sessions.listActive(caller.account().id(), cursor, Sessions.MAX_PAGE);
            for (Session s : page.sessions()) {
                if (!s.id().equals(caller.session().id())) {
                    sessions.revoke(s, RevokeReason.REVOKED_BY_USER);
                }
            }
            cursor = page.next();
        } while (cursor != null);
        Pages.redirect(res, "/account", Notice.OTHER_SESSIONS_ENDED);
    }

    /** Signs out everywhere: every session ends and every access token issued so far is refused, as the API does. */
    public void revokeAll(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req);
        sessions.revokeAll(caller.account().id(), RevokeReason.SIGN_OUT_EVERYWHERE);
        TokenTransport.clearAll(res);
        Pages.redirect(res, "/login", Notice.SIGNED_OUT_EVERYWHERE);
    }

    /** Signs this browser out (the navigation's button). */
    public void signOut(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req);
        sessions.revoke(caller.session(), RevokeReason.SIGN_OUT);
        TokenTransport.clearAll(res);
        Pages.redirect(res, "/login", Notice.SIGNED_OUT);
    }

    /**
     * Changes my password: the current one is required (and throttled like a sign-in); every
     * session ends, and this browser gets a fresh one.
     */
    public void changePassword(ServerRequest req, ServerResponse res) {
        Caller caller = requireForm(req);
        Map<String, String> form = form(req);
        Texts t = Texts.of(req);
        String next = form.getOrDefault("new_password", "");
        if (!next.equals(form.getOrDefault("confirm_password", ""))) {
            render(req, res, caller, Status.BAD_REQUEST_400, t.get("password.error.mismatch"));
            return;
        }
        try {
            accounts.changePassword(caller.account().id(), form.getOrDefault("current_password", ""), next,
                    signIn.device(req).ip());
        } catch (InvalidInputException | NotAuthenticatedException | BusyException e) {
            if (e instanceof BusyException busy) {
                ErrorMapping.retryAfter(res, busy);
            }
            render(req, res, caller, ErrorMapping.status(e), passwordMessage(t, e));
            return;
        }
        signIn.startCookieSession(req, res, caller.account(), caller.session());
        Pages.redirect(res, "/account", Notice.PASSWORD_CHANGED);
    }

    private static String passwordMessage(Texts t, GatehouseException e) {
        if (e instanceof BusyException) {
            return LoginPage.message(t, e);
        }
        if (e.errorCode() == ErrorCode.INVALID_CREDENTIALS) {
            return t.get("password.error.current");
        }
        // the policy's own words say what is wrong with the new password
        return t.get("password.error.weak", e.getMessage());
    }

    private Caller requireForm(ServerRequest req) {
        Caller caller = authenticator.require(req);
        csrf.checkFormToken("session:" + caller.session().id(), form(req).get("csrf"));
        return caller;
    }

    /** The form body, read once per request (handlers read it after the check). */
    private static Map<String, String> form(ServerRequest req) {
        return req.context().get(FormKey.class).map(FormKey::form).orElseGet(() -> {
            Map<String, String> form = Forms.read(req);
            req.context().register(new FormKey(form));
            return form;
        });
    }

    private record FormKey(Map<String, String> form) {
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, String passwordError) {
        Frame frame = pages.frame(req, caller, "account.title", csrf.formToken("session:" + caller.session().id()));
        Instant now = pages.clock().instant();
        String cursor = req.query().first("cursor").orElse(null);
        SessionPage page = sessions.listActive(caller.account().id(), cursor, Sessions.MAX_PAGE);
        List<Row> rows = new ArrayList<>();
        for (Session s : page.sessions()) {
            rows.add(new Row(s.id(), DeviceNames.describe(s.device().userAgent(), frame.t()), s.device().ip(),
                    Ago.of(s.createdAt(), now, frame.t()), Ago.of(s.lastUsedAt(), now, frame.t()),
                    s.id().equals(caller.session().id())));
        }
        rows.sort(Comparator.comparing(Row::current).reversed());
        String next = page.next() == null ? null
                : "/account?cursor=" + URLEncoder.encode(page.next(), StandardCharsets.UTF_8);
        List<Event> events = audit.recentSecurityEvents(caller.account().id(), EVENTS).stream()
                .map(e -> new Event(Ago.of(e.at(), now, frame.t()), AuditTypes.label(e.type(), frame.t()),
                        e.detail(), e.ip())).toList();
        pages.send(res, status, "account.jte", new View(frame, caller.account().username(), rows, next, events,
                passwordError, twoStep.section(caller), passkeys.section(caller, frame, now), apps.section(caller, frame, now)));
    }
}
