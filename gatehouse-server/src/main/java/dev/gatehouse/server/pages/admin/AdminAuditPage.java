package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.pages.Ago;
import dev.gatehouse.server.pages.AuditTypes;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.Texts;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/audit}: the audit log, newest first, filtered by account, type and time
 * (UTC), a page at a time. A filter that cannot be read is said so on the page; it never widens
 * the search silently.
 */
public final class AdminAuditPage {

    private static final int PAGE = 50;

    /** One event as the table shows it. */
    public record Row(Ago at, String type, String account, String actor, String ip, String detail) {
    }

    /** A choice of the type filter. */
    public record TypeOption(String value, String label, boolean selected) {
    }

    /** What the template shows. */
    public record View(Frame frame, String account, List<TypeOption> types, String from, String to, List<Row> events,
                       String nextPath, String error) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final AuditTrail audit;
    private final Accounts accounts;

    public AdminAuditPage(Pages pages, AdminAccess access, AuditTrail audit, Accounts accounts) {
        this.pages = pages;
        this.access = access;
        this.audit = audit;
        this.accounts = accounts;
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            render(req, res, caller);
        }
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller) {
        Frame frame = pages.frame(req, caller, "admin.audit.title", access.formToken(caller));
        Texts t = frame.t();
        String account = req.query().first("account").orElse("").strip();
        String type = req.query().first("type").orElse("");
        String from = req.query().first("from").orElse("");
        String to = req.query().first("to").orElse("");
        List<Row> rows = List.of();
        String next = null;
        String error = null;
        try {
            AuditQuery query = AuditQuery.newest(PAGE).between(time(from), time(to));
            if (!account.isEmpty()) {
                query = query.account(accountId(account));
            }
            if (!type.isEmpty()) {
                query = query.types(Set.of(AuditType.valueOf(type)));
            }
            String cursor = req.query().first("cursor").orElse("");
            if (!cursor.isEmpty()) {
                query = query.before(Long.parseLong(cursor));
            }
            var page = audit.search(query);
            Instant now = pages.clock().instant();
            rows = page.events().stream().map(e -> row(e, now, t)).toList();
            if (page.next() != null) {
                next = "/admin/audit?account=" + enc(account) + "&type=" + enc(type) + "&from=" + enc(from) + "&to="
                        + enc(to) + "&cursor=" + page.next();
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error = t.get("admin.audit.bad-filter");
        } catch (NotFoundException e) {
            error = t.get("admin.audit.no-account", account);
        }
        List<TypeOption> types = new ArrayList<>();
        types.add(new TypeOption("", t.get("admin.audit.any-type"), type.isEmpty()));
        for (AuditType each : AuditType.values()) {
            types.add(new TypeOption(each.name(), AuditTypes.label(each, t), each.name().equals(type)));
        }
        Status status = error == null ? Status.OK_200 : Status.BAD_REQUEST_400;
        pages.send(res, status, "admin/audit.jte", new View(frame, account, types, from, to, rows, next, error));
    }

    private String accountId(String usernameOrId) {
        return accounts.getByIdOrUsername(usernameOrId).id();
    }

    /** A {@code datetime-local} value, read as UTC; empty means no bound. */
    private static Instant time(String value) {
        return value.isEmpty() ? null : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    private static Row row(AuditEvent e, Instant now, Texts t) {
        return new Row(Ago.of(e.at(), now, t), AuditTypes.label(e.type(), t), e.username() == null ? e.accountId() : e.username(),
                e.actorName(), e.ip(), e.detail());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
