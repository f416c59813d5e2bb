package dev.gatehouse.server.pages.admin;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.pages.Ago;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/clients}: the registered clients, a form to register one, and delete buttons. A
 * new confidential client's secret is shown once, on the page that answers the form, and never
 * again: it is stored only as a hash.
 */
public final class AdminClientsPage {

    /** One client as the table shows it. */
    public record Row(String id, boolean confidential, String audiences, Ago created) {
    }

    /** A client just registered, with its secret (null for a public client). */
    public record Created(String id, String secret) {
        @Override
        public String toString() {
            return "Created[id=" + id + "]";
        }
    }

    /** What the template shows. */
    public record View(Frame frame, List<Row> clients, Created created, String error) {
    }

    private final Pages pages;
    private final AdminAccess access;
    private final Clients clients;

    public AdminClientsPage(Pages pages, AdminAccess access, Clients clients) {
        this.pages = pages;
        this.access = access;
        this.clients = clients;
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            render(req, res, caller, Status.OK_200, null, null);
        }
    }

    public void create(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        if (!access.confirmed(res, form.caller(), "/admin/clients")) {
            return;
        }
        Set<String> audiences = new LinkedHashSet<>(Arrays.stream(form.get("audiences").split("[,\\s]+"))
                .filter(a -> !a.isBlank()).toList());
        Clients.Registered registered;
        try {
            registered = clients.register(form.get("id").strip(), form.fields().containsKey("confidential"), audiences,
                    Actor.admin(form.caller().account()));
        } catch (InvalidInputException | ConflictException e) {
            render(req, res, form.caller(), ErrorMapping.status(e), null, e.getMessage());
            return;
        }
        // Answered here rather than redirected: the secret must not travel in a URL, and is shown this once.
        render(req, res, form.caller(), Status.OK_200, new Created(registered.client().id(), registered.secret()), null);
    }

    public void delete(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        if (access.confirmed(res, form.caller(), "/admin/clients")) {
            clients.delete(req.path().pathParameters().get("id"), Actor.admin(form.caller().account()));
            Pages.redirect(res, "/admin/clients", Notice.CLIENT_DELETED);
        }
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, Created created, String error) {
        Frame frame = pages.frame(req, caller, "admin.clients.title", access.formToken(caller));
        Instant now = pages.clock().instant();
        List<Row> rows = clients.list().stream().map(c -> row(c, now, frame)).toList();
        pages.send(res, status, "admin/clients.jte", new View(frame, rows, created, error));
    }

    private static Row row(Client c, Instant now, Frame frame) {
        return new Row(c.id(), c.isConfidential(), String.join(", ", c.audiences().stream().sorted().toList()),
                Ago.of(c.createdAt(), now, frame.t()));
    }
}
