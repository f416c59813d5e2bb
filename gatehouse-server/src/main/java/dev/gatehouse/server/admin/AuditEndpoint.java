package dev.gatehouse.server.admin;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.audit.AuditPage;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import dev.gatehouse.server.http.Views;
import io.helidon.webserver.http.Handler;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/admin/audit?account=&type=&from=&to=&limit=&cursor=}: the audit log, newest
 * first, filtered by account (id or username), by type (comma-separated or repeated, the
 * lower-case names the events carry), by time ({@code from} inclusive, {@code to} exclusive,
 * ISO-8601), paged by {@code cursor}: the {@code next} of the previous page, a sequence number.
 * {@code before} and {@code next_before} are the older names of the cursor, still understood.
 */
public final class AuditEndpoint implements Handler {

    /** @param next the cursor of the next page; absent when this page was not full */
    public record AuditPageView(List<Views.AuditView> events, String next, Long nextBefore) {
    }

    private static final int DEFAULT_PAGE = 100;

    private final Authenticator authenticator;
    private final Accounts accounts;
    private final AuditTrail audit;

    public AuditEndpoint(Authenticator authenticator, Accounts accounts, AuditTrail audit) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.audit = audit;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", DEFAULT_PAGE, 1,
                AuditQuery.MAX_LIMIT);
        Optional<String> cursor = req.query().first("cursor").asOptional().or(() -> req.query().first("before").asOptional());
        long before = Parameters.number(cursor, "cursor", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Instant from = Parameters.instant(req.query().first("from").asOptional(), "from");
        Instant to = Parameters.instant(req.query().first("to").asOptional(), "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "parameter 'from' must be before 'to'");
        }
        String accountId = req.query().first("account").asOptional().filter(a -> !a.isBlank())
                .map(a -> accounts.getByIdOrUsername(a).id()).orElse(null);
        AuditQuery query = new AuditQuery(accountId, types(req), from, to, before, limit);
        AuditPage page = audit.search(query);
        Json.send(res, Status.OK_200, new AuditPageView(Views.audit(page.events()),
                page.next() == null ? null : Long.toString(page.next()), page.next()));
    }

    private static Set<AuditType> types(ServerRequest req) {
        if (!req.query().contains("type")) {
            return Set.of();
        }
        Set<AuditType> types = EnumSet.noneOf(AuditType.class);
        for (String value : req.query().all("type")) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    types.add(type(name.strip()));
                }
            }
        }
        return types;
    }

    private static AuditType type(String name) {
        for (AuditType type : AuditType.values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
                return type;
            }
        }
        throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "parameter 'type' takes event types such as"
                + " sign_in_failed; there is none called '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'");
    }
}
