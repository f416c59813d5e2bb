package dev.gatehouse.server.admin;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.key.KeyStatus;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code /v1/admin/keys}: the published signing keys, and a rotation on demand. Public fields only. */
public final class KeyAdminEndpoints {

    public record KeyList(List<Views.KeyView> keys) {
    }

    private final Authenticator authenticator;
    private final SigningKeys keys;

    public KeyAdminEndpoints(Authenticator authenticator, SigningKeys keys) {
        this.authenticator = authenticator;
        this.keys = keys;
    }

    public void list(ServerRequest req, ServerResponse res) {
        authenticator.requireAdmin(req);
        Json.send(res, Status.OK_200, new KeyList(keys.statuses().stream().map(Views::key).toList()));
    }

    /**
     * {@code POST /v1/admin/keys/rotate}: 201 with the new key, published now and signing one JWKS
     * cache lifetime later (its {@code activates_at}); the current key signs until then.
     */
    public void rotate(ServerRequest req, ServerResponse res) {
        Actor admin = Actor.admin(authenticator.requireAdmin(req).account());
        SigningKey rotated = keys.rotate(admin);
        KeyStatus status = keys.statuses().stream().filter(s -> s.key().kid().equals(rotated.kid())).findFirst()
                .orElseGet(() -> new KeyStatus(rotated, KeyStatus.State.PUBLISHED, java.time.Duration.ZERO));
        Json.send(res, Status.CREATED_201, Views.key(status));
    }
}
