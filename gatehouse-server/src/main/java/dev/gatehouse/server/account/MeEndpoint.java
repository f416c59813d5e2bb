package dev.gatehouse.server.account;

import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code GET /v1/me}: the signed-in account, the session in use, and what that session proved:
 * {@code amr}, {@code acr} and {@code auth_time} (epoch seconds), the same values its access
 * tokens, forward auth and introspection report, so a single-page app can tell whether to send
 * its user through a step-up before a sensitive action.
 */
public final class MeEndpoint implements Handler {

    /**
     * @param amr      RFC 8176 values of the methods the session proved, {@code mfa} last after two factors
     * @param acr      {@code 1} for one factor, {@code 2} for two
     * @param authTime when the owner last proved who they are, in epoch seconds (a JWT NumericDate)
     */
    public record Me(Views.AccountView account, Views.SessionView session, List<String> amr, String acr,
                     long authTime) {
    }

    private final Authenticator authenticator;

    public MeEndpoint(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Authentications proof = caller.session().authentications();
        Json.send(res, Status.OK_200, new Me(Views.account(caller.account()),
                Views.session(caller.session(), caller.session().id()), proof.amr(), proof.acr(),
                proof.authTime().getEpochSecond()));
    }
}
