package dev.gatehouse.server.pages.admin;

import dev.gatehouse.server.admin.Overview;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /admin}: the overview, from the same numbers as {@code /metrics} and {@code /v1/admin/overview}. */
public final class AdminOverviewPage {

    /** What the template shows. */
    public record View(Frame frame, Overview.Numbers numbers) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final Overview overview;

    public AdminOverviewPage(Pages pages, AdminAccess access, Overview overview) {
        this.pages = pages;
        this.access = access;
        this.overview = overview;
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            Frame frame = pages.frame(req, caller, "admin.title", access.formToken(caller));
            pages.send(res, Status.OK_200, "admin/overview.jte", new View(frame, overview.numbers()));
        }
    }
}
