package dev.gatehouse.server.admin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountPage;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.mfa.FactorSummary;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.account.SessionsEndpoints;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/admin/accounts...}: accounts (search, create, lock, unlock, password, roles, their
 * sessions, second factors and recent security events). Every handler requires an administrator signed in with
 * a session cookie, and names that administrator in the audit event of what it changes.
 */
public final class AdminEndpoints {

    public record CreateAccount(String username, String password, Boolean admin) {
    }

    public record NewPassword(String newPassword) {
    }

    public record NewRoles(Set<String> roles) {
    }

    /** @param next the cursor of the next page; absent on the last one */
    public record AccountList(List<Views.AccountView> accounts, String next) {
    }

    public record EventList(List<Views.AuditView> events) {
    }

    /**
     * An account's second factors; no secrets.
     *
     * @param totp                whether an authenticator app is set up
     * @param recoveryCodesLeft   how many unspent recovery codes it has
     */
    public record FactorsView(boolean totp, int recoveryCodesLeft, List<PasskeyView> passkeys) {
    }

    /**
     * A passkey as administrators see it.
     *
     * @param synced    whether it may be synced between devices (backup eligible), else bound to one device
     * @param backedUp  whether it was synced when last used
     * @param lastUsedAt absent when it never signed in
     */
    public record PasskeyView(String id, String name, boolean synced, boolean backedUp, Instant createdAt,
                              Instant lastUsedAt) {

        static PasskeyView of(Passkey p) {
            return new PasskeyView(p.credentialId(), p.name(), p.backupEligible(), p.backedUp(), p.createdAt(),
                    p.lastUsedAt());
        }
    }

    /** @param removed how many factors went (the authenticator app, each recovery code, each passkey) */
    public record FactorsReset(int removed) {
    }

    private static final int DEFAULT_PAGE = 50;
    private static final int DEFAULT_EVENTS = 20;
    private static final int MAX_EVENTS = 100;

    private final Authenticator authenticator;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final SecondFactors factors;

    public AdminEndpoints(Authenticator authenticator, Accounts accounts, Sessions sessions, AuditTrail audit,
                          SecondFactors factors) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.factors = factors;
    }

    /** {@code GET /v1/admin/accounts?q=&limit=&cursor=}: names starting with {@code q}, by name. */
    public void listAccounts(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", DEFAULT_PAGE, 1,
                Accounts.MAX_PAGE);
        AccountPage page = accounts.search(req.query().first("q").orElse(null),
                req.query().first("cursor").orElse(null), limit);
        Json.send(res, Status.OK_200, new AccountList(Views.accounts(page.accounts()), page.next()));
    }

    public void createAccount(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        CreateAccount body = Json.read(req, CreateAccount.class);
        Account created = accounts.create(Json.required(body.username(), "username"),
                Json.required(body.password(), "password"), Boolean.TRUE.equals(body.admin()), admin);
        Json.send(res, Status.CREATED_201, Views.account(created));
    }

    public void lock(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        Json.send(res, Status.OK_200, Views.account(accounts.lock(username(req), admin)));
    }

    public void unlock(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        Json.send(res, Status.OK_200, Views.account(accounts.unlock(username(req), admin)));
    }

    /** {@code POST .../password} {@code {"new_password"}}: every session of the account ends. */
    public void resetPassword(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        NewPassword body = Json.read(req, NewPassword.class);
        int revoked = accounts.resetPassword(username(req), Json.required(body.newPassword(), "new_password"), admin);
        Json.send(res, Status.OK_200, new SessionsEndpoints.Revoked(revoked));
    }

    /** {@code PUT .../roles} {@code {"roles": [...]}}: the whole set, admin included. */
    public void setRoles(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        NewRoles body = Json.read(req, NewRoles.class);
        Json.send(res, Status.OK_200, Views.account(accounts.setRoles(username(req),
                Json.required(body.roles(), "roles"), admin)));
    }

    public void accountSessions(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Account account = accounts.get(username(req));
        Json.send(res, Status.OK_200, SessionsEndpoints.page(sessions, req, account.id(), null));
    }

    public void revokeAccountSessions(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        Json.send(res, Status.OK_200, new SessionsEndpoints.Revoked(accounts.revokeSessions(username(req), admin)));
    }

    /** {@code GET .../events?limit=}: the account's recent security events, newest first. */
    public void accountEvents(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", DEFAULT_EVENTS, 1,
                MAX_EVENTS);
        Account account = accounts.get(username(req));
        Json.send(res, Status.OK_200, new EventList(Views.audit(audit.recentSecurityEvents(account.id(), limit))));
    }

    /** {@code GET .../factors}: the account's authenticator app, recovery codes left and passkeys. */
    public void accountFactors(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        FactorSummary summary = factors.summary(accounts.get(username(req)).id());
        Json.send(res, Status.OK_200, new FactorsView(summary.totp(), summary.recoveryCodesLeft(),
                summary.passkeys().stream().map(PasskeyView::of).toList()));
    }

    /** {@code DELETE .../factors}: removes every second factor of the account (a lost device); audited. */
    public void resetAccountFactors(ServerRequest req, ServerResponse res) {
        Actor admin = admin(req);
        Account account = accounts.get(username(req));
        Json.send(res, Status.OK_200, new FactorsReset(factors.reset(account, admin)));
    }

    private Actor admin(ServerRequest req) {
        return Actor.admin(authenticator.requireAdmin(req).account());
    }

    private static String username(ServerRequest req) {
        return req.path().pathParameters().get("username");
    }
}
