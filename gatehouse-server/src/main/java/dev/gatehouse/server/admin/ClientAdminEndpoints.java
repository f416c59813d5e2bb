package dev.gatehouse.server.admin;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/admin/clients}: list, register, show, change and delete clients; and
 * {@code /v1/admin/logout-deliveries}, how the back-channel logout notices to them went. A confidential client's secret
 * is made by Gatehouse and shown in the answer to its registration only: only its hash is kept.
 */
public final class ClientAdminEndpoints {

    /**
     * A registration request: the id, the audiences, and the fields of {@link RegistrationFields}.
     *
     * @param confidential true for a client with a secret (the default {@code token_endpoint_auth_method}
     *                     is then {@code client_secret_basic}, else {@code none})
     */
    public record NewClient(String id, Boolean confidential, Set<String> audiences, String clientName,
                            String tokenEndpointAuthMethod, List<String> redirectUris,
                            List<String> postLogoutRedirectUris, List<String> grantTypes, String scope,
                            Boolean firstParty, Long accessTokenLifetime, Long grantLifetime,
                            String backchannelLogoutUri, Map<String, Object> jwks, String jwksUri) {

        RegistrationFields fields() {
            return new RegistrationFields(clientName, tokenEndpointAuthMethod, redirectUris, postLogoutRedirectUris,
                    grantTypes, scope, firstParty, accessTokenLifetime, grantLifetime, backchannelLogoutUri, jwks,
                    jwksUri);
        }
    }

    /** A new registration, and the audiences when they change too. */
    public record ClientUpdate(Set<String> audiences, String clientName, String tokenEndpointAuthMethod,
                               List<String> redirectUris, List<String> postLogoutRedirectUris, List<String> grantTypes,
                               String scope, Boolean firstParty, Long accessTokenLifetime, Long grantLifetime,
                               String backchannelLogoutUri, Map<String, Object> jwks, String jwksUri) {

        RegistrationFields fields() {
            return new RegistrationFields(clientName, tokenEndpointAuthMethod, redirectUris, postLogoutRedirectUris,
                    grantTypes, scope, firstParty, accessTokenLifetime, grantLifetime, backchannelLogoutUri, jwks,
                    jwksUri);
        }
    }

    public record DeliveryList(List<Views.LogoutDeliveryView> deliveries) {
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

    private static final int RECENT_DELIVERIES = 100;

    private final Authenticator authenticator;
    private final Clients clients;
    private final LogoutDeliveryStore deliveries;

    public ClientAdminEndpoints(Authenticator authenticator, Clients clients, LogoutDeliveryStore deliveries) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.deliveries = deliveries;
    }

    public void list(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, new ClientList(clients.list().stream().map(Views::client).toList()));
    }

    public void create(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        NewClient body = Json.read(req, NewClient.class);
        boolean confidential = Boolean.TRUE.equals(body.confidential());
        ClientRegistration registration = body.fields().toRegistration(
                confidential ? ClientAuthMethod.CLIENT_SECRET_BASIC : ClientAuthMethod.NONE);
        if (body.confidential() != null && confidential != (registration.authMethod() != ClientAuthMethod.NONE)) {
            throw new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, "confidential " + confidential
                    + " contradicts token_endpoint_auth_method " + registration.authMethod().wireName());
        }
        Clients.Registered registered = clients.register(Json.required(body.id(), "id"), registration,
                body.audiences() == null ? Set.of() : body.audiences(), admin);
        res.header("Cache-Control", "no-store");
        Json.send(res, Status.CREATED_201, new Registered(Views.client(registered.client()), registered.secret()));
    }

    /** {@code GET /v1/admin/clients/{id}}: one client with its registration. */
    public void show(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Client client = clients.find(req.path().pathParameters().get("id")).orElseThrow(
                () -> new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id"));
        Json.send(res, Status.OK_200, Views.client(client));
    }

    /**
     * {@code PUT /v1/admin/clients/{id}}: replaces the registration (absent fields take their
     * defaults; an absent {@code token_endpoint_auth_method} keeps the client's, absent
     * {@code audiences} keep its audiences). The secret stays.
     */
    public void update(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        String id = req.path().pathParameters().get("id");
        ClientUpdate body = Json.read(req, ClientUpdate.class);
        Client current = clients.find(id).orElseThrow(
                () -> new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id"));
        Client updated = clients.update(id, body.fields().toRegistration(current.registration().authMethod()),
                body.audiences(), admin);
        Json.send(res, Status.OK_200, Views.client(updated));
    }

    /** {@code GET /v1/admin/logout-deliveries}: the latest back-channel logout notices, newest first. */
    public void logoutDeliveries(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, new DeliveryList(deliveries.recent(RECENT_DELIVERIES).stream()
                .map(Views::logoutDelivery).toList()));
    }

    /** {@code DELETE /v1/admin/clients/{id}}: 204; what becomes of its sessions is in {@link Clients#delete}. */
    public void delete(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        clients.delete(req.path().pathParameters().get("id"), admin);
        res.status(Status.NO_CONTENT_204).send();
    }
}
