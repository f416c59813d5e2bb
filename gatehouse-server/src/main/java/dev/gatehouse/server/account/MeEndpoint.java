package dev.gatehouse.server.account;

import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /v1/me}: the signed-in account and the session in use. */
public final class MeEndpoint implements Handler {

    public record Me(Views.AccountView account, Views.SessionView session) {
    }

    private final Authenticator authenticator;

    public MeEndpoint(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, new Me(Views.account(caller.account()),
                Views.session(caller.session(), caller.session().id())));
    }
}
