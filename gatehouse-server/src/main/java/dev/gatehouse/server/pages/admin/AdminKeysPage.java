package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.key.KeyStatus;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.pages.Ago;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;

/** {@code /admin/keys}: the published signing keys with their state and age, and a button to rotate. */
public final class AdminKeysPage {

    /** One key as the table shows it. */
    public record Row(String kid, String algorithm, String state, Ago created, Ago retired) {
    }

    /** What the template shows. */
    public record View(Frame frame, List<Row> keys) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final SigningKeys keys;

    public AdminKeysPage(Pages pages, AdminAccess access, SigningKeys keys) {
        this.pages = pages;
        this.access = access;
        this.keys = keys;
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            Frame frame = pages.frame(req, caller, "admin.keys.title", access.formToken(caller));
            Instant now = pages.clock().instant();
            List<Row> rows = keys.statuses().stream().map(s -> row(s, now, frame)).toList();
            pages.send(res, Status.OK_200, "admin/keys.jte", new View(frame, rows));
        }
    }

    public void rotate(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        if (access.confirmed(res, form.caller(), "/admin/keys")) {
            keys.rotate(Actor.admin(form.caller().account()));
            Pages.redirect(res, "/admin/keys", Notice.KEY_ROTATED);
        }
    }

    private static Row row(KeyStatus status, Instant now, Frame frame) {
        SigningKey key = status.key();
        return new Row(key.kid(), key.algorithm().name(), frame.t().get("admin.keys.state." + status.state().name().toLowerCase(java.util.Locale.ROOT)),
                Ago.of(key.createdAt(), now, frame.t()), key.retiredAt() == null ? null : Ago.of(key.retiredAt(), now, frame.t()));
    }
}
