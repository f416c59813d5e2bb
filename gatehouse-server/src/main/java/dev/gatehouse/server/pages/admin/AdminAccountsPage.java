package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.mfa.FactorSummary;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionPage;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.pages.Ago;
import dev.gatehouse.server.pages.DeviceNames;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /admin/accounts}: search and page through accounts, create one; and
 * {@code /admin/accounts/{username}}: one account, its roles, lock, a new password, its second
 * factors, its sessions. Every change is made in the administrator's name (the audit log says
 * who), and the ones that change who can sign in need a stepped-up session first
 * ({@link AdminAccess#confirmed}).
 */
public final class AdminAccountsPage {

    private static final int PAGE = 25;

    /** One account in the list. */
    public record Row(String username, String path, String roles, boolean locked, Ago created) {
    }

    /** The list page. */
    public record ListView(Frame frame, String query, List<Row> accounts, String nextPath, String error) {
    }

    /** One session of the account shown. */
    public record SessionRow(String id, String device, String ip, Ago signedIn, Ago lastUsed) {
    }

    /** One passkey of the account shown. */
    public record PasskeyRow(String name, boolean synced, Ago added, Ago lastUsed) {
    }

    /** The second factors of the account shown; no secrets. */
    public record Factors(boolean totp, int recoveryCodesLeft, List<PasskeyRow> passkeys) {

        public boolean any() {
            return totp || recoveryCodesLeft > 0 || !passkeys.isEmpty();
        }
    }

    /** The page of one account. */
    public record AccountView(Frame frame, String username, String path, boolean admin, String otherRoles,
                              boolean locked, Ago created, boolean self, Factors factors, List<SessionRow> sessions,
                              String nextPath, String error) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final Accounts accounts;
    private final Sessions sessions;
    private final SecondFactors factors;

    public AdminAccountsPage(Pages pages, AdminAccess access, Accounts accounts, Sessions sessions,
                             SecondFactors factors) {
        this.pages = pages;
        this.access = access;
        this.accounts = accounts;
        this.sessions = sessions;
        this.factors = factors;
    }

    public void list(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            renderList(req, res, caller, Status.OK_200, null);
        }
    }

    public void create(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        if (!access.confirmed(res, form.caller(), "/admin/accounts")) {
            return;
        }
        try {
            Account created = accounts.create(form.get("username"), form.get("password"),
                    form.fields().containsKey("admin"), Actor.admin(form.caller().account()));
            Pages.redirect(res, path(created), Notice.ACCOUNT_CREATED);
        } catch (InvalidInputException | ConflictException e) {
            renderList(req, res, form.caller(), ErrorMapping.status(e), e.getMessage());
        }
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            renderAccount(req, res, caller, accounts.get(username(req)), Status.OK_200, null);
        }
    }

    public void lock(ServerRequest req, ServerResponse res) {
        change(req, res, (form, account) -> {
            accounts.lock(account.username(), Actor.admin(form.caller().account()));
            return Notice.ACCOUNT_LOCKED;
        });
    }

    public void unlock(ServerRequest req, ServerResponse res) {
        change(req, res, (form, account) -> {
            accounts.unlock(account.username(), Actor.admin(form.caller().account()));
            return Notice.ACCOUNT_UNLOCKED;
        });
    }

    public void setPassword(ServerRequest req, ServerResponse res) {
        change(req, res, (form, account) -> {
            accounts.resetPassword(account.username(), form.get("password"), Actor.admin(form.caller().account()));
            return Notice.PASSWORD_SET;
        });
    }

    public void setRoles(ServerRequest req, ServerResponse res) {
        change(req, res, (form, account) -> {
            Set<String> roles = new TreeSet<>(Arrays.stream(form.get("roles").split("[,\\s]+")).filter(r -> !r.isBlank()).toList());
            if (form.fields().containsKey("admin")) {
                roles.add(Account.ADMIN_ROLE);
            } else {
                roles.remove(Account.ADMIN_ROLE);
            }
            accounts.setRoles(account.username(), roles, Actor.admin(form.caller().account()));
            return Notice.ROLES_SAVED;
        });
    }

    /** Removes every second factor of the account, for an owner who lost their device; audited in the administrator's name. */
    public void resetFactors(ServerRequest req, ServerResponse res) {
        change(req, res, (form, account) -> {
            factors.reset(account, Actor.admin(form.caller().account()));
            return Notice.SECOND_FACTORS_RESET;
        });
    }

    public void revokeSession(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        Account account = accounts.get(username(req));
        Session session = sessions.findActive(form.get("sid")).filter(s -> s.accountId().equals(account.id())).orElse(null);
        if (session != null) {
            sessions.revoke(session, RevokeReason.REVOKED_BY_ADMIN, Actor.admin(form.caller().account()));
        }
        Pages.redirect(res, path(account), session == null ? Notice.SESSION_ALREADY_ENDED : Notice.SESSION_ENDED);
    }

    public void revokeSessions(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        Account account = accounts.get(username(req));
        accounts.revokeSessions(account.username(), Actor.admin(form.caller().account()));
        Pages.redirect(res, path(account), Notice.SESSIONS_ENDED);
    }

    /** A change to one account: sensitive, so it needs a recent password; refusals are shown on the account's page. */
    private void change(ServerRequest req, ServerResponse res, Change change) {
        AdminAccess.Form form = access.form(req);
        Account account = accounts.get(username(req));
        if (!access.confirmed(res, form.caller(), path(account))) {
            return;
        }
        Notice done;
        try {
            done = change.apply(form, account);
        } catch (InvalidInputException | NotPermittedException | ConflictException e) {
            renderAccount(req, res, form.caller(), accounts.get(account.username()), ErrorMapping.status(e), e.getMessage());
            return;
        }
        Pages.redirect(res, path(account), done);
    }

    private interface Change {
        Notice apply(AdminAccess.Form form, Account account);
    }

    private void renderList(ServerRequest req, ServerResponse res, Caller caller, Status status, String error) {
        Frame frame = pages.frame(req, caller, "admin.accounts.title", access.formToken(caller));
        String query = req.query().first("q").orElse("").strip();
        var page = accounts.search(query, req.query().first("cursor").orElse(null), PAGE);
        Instant now = pages.clock().instant();
        List<Row> rows = page.accounts().stream().map(a -> new Row(a.username(), path(a),
                String.join(", ", new TreeSet<>(a.roles())), a.locked(), Ago.of(a.createdAt(), now, frame.t()))).toList();
        String next = page.next() == null ? null
                : "/admin/accounts?q=" + enc(query) + "&cursor=" + enc(page.next());
        pages.send(res, status, "admin/accounts.jte", new ListView(frame, query, rows, next, error));
    }

    private void renderAccount(ServerRequest req, ServerResponse res, Caller caller, Account account, Status status,
                               String error) {
        Frame frame = pages.frame(req, caller, "admin.account.title", access.formToken(caller));
        Instant now = pages.clock().instant();
        SessionPage page = sessions.listActive(account.id(), req.query().first("cursor").orElse(null), PAGE);
        List<SessionRow> rows = page.sessions().stream().map(s -> new SessionRow(s.id(),
                DeviceNames.describe(s.device().userAgent(), frame.t()), s.device().ip(),
                Ago.of(s.createdAt(), now, frame.t()), Ago.of(s.lastUsedAt(), now, frame.t()))).toList();
        Set<String> others = new LinkedHashSet<>(new TreeSet<>(account.roles()));
        others.remove(Account.ADMIN_ROLE);
        String next = page.next() == null ? null : path(account) + "?cursor=" + enc(page.next());
        pages.send(res, status, "admin/account.jte", new AccountView(frame, account.username(), path(account),
                account.isAdmin(), String.join(", ", others), account.locked(), Ago.of(account.createdAt(), now, frame.t()),
                account.id().equals(caller.account().id()), factors(account, now, frame), rows, next, error));
    }

    private Factors factors(Account account, Instant now, Frame frame) {
        FactorSummary summary = factors.summary(account.id());
        return new Factors(summary.totp(), summary.recoveryCodesLeft(), summary.passkeys().stream()
                .map(p -> new PasskeyRow(p.name(), p.backupEligible(), Ago.of(p.createdAt(), now, frame.t()),
                        p.lastUsedAt() == null ? null : Ago.of(p.lastUsedAt(), now, frame.t()))).toList());
    }

    private static String username(ServerRequest req) {
        return req.path().pathParameters().get("username");
    }

    static String path(Account account) {
        return "/admin/accounts/" + enc(account.username());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
