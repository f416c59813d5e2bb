package dev.gatehouse.server.pages.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import dev.gatehouse.server.admin.RegistrationFields;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.pages.Ago;
import dev.gatehouse.server.pages.Frame;
import dev.gatehouse.server.pages.Notice;
import dev.gatehouse.server.pages.Pages;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/clients}: the registered clients, a form to register one with its OAuth
 * registration, a page per client ({@code /admin/clients/{id}}), and delete buttons. A
 * new confidential client's secret is shown once, on the page that answers the form, and never
 * again: it is stored only as a hash.
 */
public final class AdminClientsPage {

    /** One client as the table shows it. */
    public record Row(String id, boolean confidential, String audiences, Ago created) {
    }

    /** One client's page: the table's row and its registration in RFC 7591's names. */
    public record Detail(Frame frame, Row client, RegistrationFields registration, String jwks,
                         List<DeliveryRow> deliveries) {
    }

    /** A back-channel logout notice to the client; {@code state} is pending, delivered or given_up. */
    public record DeliveryRow(String sessionId, String state, int attempts, Ago created, String lastError) {
    }

    /** How many of the latest notices (to any client) are searched for the client's page. */
    private static final int RECENT_DELIVERIES = 200;

    /** A grant type's checkbox on the form: its field name is {@code grant_} and its wire name. */
    public record GrantBox(String field, String wireName) {
    }

    /** The grant types the form offers. */
    public static final List<GrantBox> GRANT_BOXES = Arrays.stream(GrantType.values())
            .map(g -> new GrantBox("grant_" + g.name().toLowerCase(Locale.ROOT), g.wireName())).toList();

    /** A client just registered, with its secret (null for a public client). */
    public record Created(String id, String secret) {
        @Override
        public String toString() {
            return "Created[id=" + id + "]";
        }
    }

    /** What the template shows. */
    public record View(Frame frame, List<Row> clients, Created created, String error, Entered entered) {
    }

    /**
     * What the form holds when it is shown: empty, or after a refusal what was entered, so nothing
     * has to be typed again (a fresh form has the confidential box checked).
     */
    public record Entered(Map<String, String> fields) {
        static final Entered NEW = new Entered(Map.of("confidential", "on"));

        public String get(String name) {
            return fields.getOrDefault(name, "");
        }

        public boolean checked(String name) {
            return fields.containsKey(name);
        }
    }

    private final Pages pages;
    private final AdminAccess access;
    private final Clients clients;
    private final LogoutDeliveryStore deliveries;

    public AdminClientsPage(Pages pages, AdminAccess access, Clients clients, LogoutDeliveryStore deliveries) {
        this.deliveries = deliveries;
        this.pages = pages;
        this.access = access;
        this.clients = clients;
    }

    public void show(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            render(req, res, caller, Status.OK_200, null, null, Entered.NEW);
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
            registered = clients.register(form.get("id").strip(), registration(form), audiences,
                    Actor.admin(form.caller().account()));
        } catch (InvalidInputException | ConflictException e) {
            Map<String, String> entered = new HashMap<>(form.fields());
            entered.remove("csrf");
            render(req, res, form.caller(), ErrorMapping.status(e), null, e.getMessage(), new Entered(entered));
            return;
        }
        // Answered here rather than redirected: the secret must not travel in a URL, and is shown this once.
        render(req, res, form.caller(), Status.OK_200, new Created(registered.client().id(), registered.secret()), null,
                Entered.NEW);
    }

    /** {@code GET /admin/clients/{id}}: one client and everything it is registered for. */
    public void detail(ServerRequest req, ServerResponse res) {
        for (Caller caller : access.page(req, res).stream().toList()) {
            Client c = clients.find(req.path().pathParameters().get("id")).orElseThrow(
                    () -> new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id"));
            Frame frame = pages.frame(req, caller, "admin.client.title", access.formToken(caller));
            Instant now = pages.clock().instant();
            List<DeliveryRow> notices = deliveries.recent(RECENT_DELIVERIES).stream()
                    .filter(d -> d.clientId().equals(c.id()))
                    .map(d -> new DeliveryRow(d.sessionId(), d.isDelivered() ? "delivered" : d.isGivenUp() ? "given_up"
                            : "pending", d.attempts(), Ago.of(d.createdAt(), now, frame.t()), d.lastError()))
                    .toList();
            pages.send(res, Status.OK_200, "admin/client.jte", new Detail(frame, row(c, now, frame),
                    RegistrationFields.of(c.registration()), c.registration().jwks(), notices));
        }
    }

    /**
     * The registration the form describes: URIs one per line, a checkbox per grant type, lifetimes
     * in seconds. Without an auth method chosen, the confidential box decides between a secret
     * ({@code client_secret_basic}) and none.
     */
    private static ClientRegistration registration(AdminAccess.Form form) {
        List<String> grants = GRANT_BOXES.stream().filter(b -> form.fields().containsKey(b.field()))
                .map(GrantBox::wireName).toList();
        String method = form.get("auth_method").strip();
        RegistrationFields fields = new RegistrationFields(form.get("name").strip(), method.isEmpty() ? null : method,
                lines(form.get("redirect_uris")), lines(form.get("post_logout_redirect_uris")), grants,
                form.get("scope"), form.fields().containsKey("first_party"),
                seconds(form.get("access_token_lifetime"), "access token lifetime"),
                seconds(form.get("grant_lifetime"), "grant lifetime"), blankToNull(form.get("backchannel_logout_uri")),
                jwks(form.get("jwks")), blankToNull(form.get("jwks_uri")));
        return fields.toRegistration(form.fields().containsKey("confidential") ? ClientAuthMethod.CLIENT_SECRET_BASIC
                : ClientAuthMethod.NONE);
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static Long seconds(String text, String what) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, "the " + what + " is a number of seconds");
        }
    }

    private static Map<String, Object> jwks(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, "the JWK set is not a JSON object");
        }
    }

    private static String blankToNull(String text) {
        return text.isBlank() ? null : text.strip();
    }

    public void delete(ServerRequest req, ServerResponse res) {
        AdminAccess.Form form = access.form(req);
        if (access.confirmed(res, form.caller(), "/admin/clients")) {
            clients.delete(req.path().pathParameters().get("id"), Actor.admin(form.caller().account()));
            Pages.redirect(res, "/admin/clients", Notice.CLIENT_DELETED);
        }
    }

    private void render(ServerRequest req, ServerResponse res, Caller caller, Status status, Created created, String error,
                        Entered entered) {
        Frame frame = pages.frame(req, caller, "admin.clients.title", access.formToken(caller));
        Instant now = pages.clock().instant();
        List<Row> rows = clients.list().stream().map(c -> row(c, now, frame)).toList();
        pages.send(res, status, "admin/clients.jte", new View(frame, rows, created, error, entered));
    }

    private static Row row(Client c, Instant now, Frame frame) {
        return new Row(c.id(), c.isConfidential(), String.join(", ", c.audiences().stream().sorted().toList()),
                Ago.of(c.createdAt(), now, frame.t()));
    }
}
