package dev.gatehouse.server.account;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.oidc.Consents;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.pages.AccountApps;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * "Apps with access" over JSON: {@code GET /v1/consents} lists the clients the caller consented
 * to; {@code DELETE /v1/consents/{client_id}} withdraws one and ends that client's grants for the
 * account, as the account page's Revoke button does.
 */
public final class ConsentsEndpoints {

    /** One consent; {@code clientName} is the client's display name, or its id once it is deleted. */
    public record ConsentView(String clientId, String clientName, Set<String> scopes, Instant grantedAt) {
    }

    public record ConsentList(List<ConsentView> consents) {
    }

    private final Authenticator authenticator;
    private final Consents consents;
    private final AccountApps apps;
    private final SignIn signIn;

    public ConsentsEndpoints(Authenticator authenticator, Consents consents, AccountApps apps, SignIn signIn) {
        this.authenticator = authenticator;
        this.consents = consents;
        this.apps = apps;
        this.signIn = signIn;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        List<ConsentView> views = consents.list(caller.account().id()).stream().map(c -> new ConsentView(c.clientId(),
                apps.name(c.clientId()), new TreeSet<>(c.scopes()), c.grantedAt())).toList();
        Json.send(res, Status.OK_200, new ConsentList(views));
    }

    public void revoke(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        String clientId = req.path().pathParameters().get("client_id");
        if (!consents.revoke(caller.account(), clientId, caller.session().id(), signIn.device(req).ip())) {
            throw new NotFoundException(ErrorCode.CONSENT_NOT_FOUND, "you have given no consent to a client with this id");
        }
        res.status(Status.NO_CONTENT_204).send();
    }
}
