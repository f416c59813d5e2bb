package dev.gatehouse.server.admin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.server.account.SessionsEndpoints;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code /v1/admin/...}: accounts (list, create, lock, unlock, their sessions) and the audit log.
 * Every handler requires the admin role.
 */
public final class AdminEndpoints {

    public record CreateAccount(String username, String password, Boolean admin) {
    }

    public record AccountList(List<Views.AccountView> accounts) {
    }

    public record AuditPage(List<Views.AuditView> events, Long nextBefore) {
    }

    private static final int MAX_PAGE = 1000;

    private final Authenticator authenticator;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;

    public AdminEndpoints(Authenticator authenticator, Accounts accounts, Sessions sessions, AuditLog audit) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
    }

    public void listAccounts(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, new AccountList(Views.accounts(accounts.list())));
    }

    public void createAccount(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        CreateAccount body = Json.read(req, CreateAccount.class);
        Account created = accounts.create(Json.required(body.username(), "username"),
                Json.required(body.password(), "password"), Boolean.TRUE.equals(body.admin()));
        Json.send(res, Status.CREATED_201, Views.account(created));
    }

    public void lock(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, Views.account(accounts.lock(req.path().pathParameters().get("username"))));
    }

    public void unlock(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, Views.account(accounts.unlock(req.path().pathParameters().get("username"))));
    }

    public void accountSessions(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Account account = accounts.get(req.path().pathParameters().get("username"));
        Json.send(res, Status.OK_200, SessionsEndpoints.page(sessions, req, account.id(), null));
    }

    public void revokeAccountSessions(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Account account = accounts.get(req.path().pathParameters().get("username"));
        Json.send(res, Status.OK_200, new SessionsEndpoints.Revoked(
                sessions.revokeAll(account.id(), RevokeReason.REVOKED_BY_ADMIN)));
    }

    public void auditEvents(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        long before = Parameters.number(req.query().first("before").asOptional(), "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", 100, 1, MAX_PAGE);
        List<AuditEvent> events = audit.list(before, limit);
        Long next = events.size() == limit ? events.getLast().seq() : null;
        Json.send(res, Status.OK_200, new AuditPage(events.stream().map(Views::audit).toList(), next));
    }

}
