package dev.gatehouse.server.admin;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/admin/clients}: list, register and delete clients. A confidential client's secret
 * is made by Gatehouse and shown in the answer to its registration only: only its hash is kept.
 */
public final class ClientAdminEndpoints {

    /** @param confidential true for a resource server that introspects or follows the feed (gets a secret) */
    public record NewClient(String id, Boolean confidential, Set<String> audiences) {
    }

    public record ClientList(List<Views.ClientView> clients) {
    }

    /** @param secret the client secret, shown this once; absent for a public client */
    public record Registered(Views.ClientView client, String secret) {
        @Override
        public String toString() {
            return "Registered[" + client + "]";
        }
    }

    private final Authenticator authenticator;
    private final Clients clients;

    public ClientAdminEndpoints(Authenticator authenticator, Clients clients) {
        this.authenticator = authenticator;
        this.clients = clients;
    }

    public void list(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, new ClientList(clients.list().stream().map(Views::client).toList()));
    }

    public void create(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        NewClient body = Json.read(req, NewClient.class);
        Clients.Registered registered = clients.register(Json.required(body.id(), "id"),
                Boolean.TRUE.equals(body.confidential()), body.audiences() == null ? Set.of() : body.audiences(), admin);
        res.header("Cache-Control", "no-store");
        Json.send(res, Status.CREATED_201, new Registered(Views.client(registered.client()), registered.secret()));
    }

    /** {@code DELETE /v1/admin/clients/{id}}: 204; what becomes of its sessions is in {@link Clients#delete}. */
    public void delete(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        clients.delete(req.path().pathParameters().get("id"), admin);
        res.status(Status.NO_CONTENT_204).send();
    }
}
