package dev.gatehouse.server.admin;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import dev.gatehouse.server.metrics.ActiveSessions;
import dev.gatehouse.server.metrics.GatehouseMetrics;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * The numbers at the top of the admin dashboard, from the same sources as {@code /metrics}: the
 * active-session count is the gauge's (counted from the shared store every 30 s, so the same on
 * every node); the last hour's sign-ins, failures, throttle refusals and refresh reuse are this
 * node's, in one-minute buckets beside the counters; locked accounts and signing keys are read
 * from the store when asked. {@code GET /v1/admin/overview}.
 */
public final class Overview implements Handler {

    /**
     * @param activeSessions sessions neither revoked nor expired, at the last count; absent before the first
     * @param lastHour       this node's counts of the last hour
     * @param lockedAccounts accounts locked now
     * @param keys           published signing keys, oldest first, with state and age
     */
    public record Numbers(Long activeSessions, GatehouseMetrics.LastHourCounts lastHour, long lockedAccounts,
                          List<Views.KeyView> keys) {
    }

    private final Authenticator authenticator;
    private final ActiveSessions activeSessions;
    private final GatehouseMetrics metrics;
    private final Accounts accounts;
    private final SigningKeys keys;

    public Overview(Authenticator authenticator, ActiveSessions activeSessions, GatehouseMetrics metrics,
                    Accounts accounts, SigningKeys keys) {
        this.authenticator = authenticator;
        this.activeSessions = activeSessions;
        this.metrics = metrics;
        this.accounts = accounts;
        this.keys = keys;
    }

    /** The numbers now; for the dashboard page, which calls this directly. */
    public Numbers numbers() {
        double sessions = activeSessions.cached();
        return new Numbers(Double.isNaN(sessions) ? null : (long) sessions, metrics.lastHour(),
                accounts.countLocked(), keys.statuses().stream().map(Views::key).toList());
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, numbers());
    }
}
