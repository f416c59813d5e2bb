package dev.gatehouse.server.http.api;

import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.server.http.Authenticator;
import dev.gatehouse.server.http.Caller;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.TreeSet;

/**
 * {@code GET /v1/verify}: forward authentication for nginx {@code auth_request} and Traefik
 * ForwardAuth. 200 with the identity in headers when the request carries a valid session, 401
 * otherwise; the proxy decides what to do with a 401 (typically redirect to {@code /login}).
 */
public final class VerifyEndpoint implements Handler {

    public static final HeaderName REMOTE_USER = HeaderNames.create("Remote-User");
    public static final HeaderName REMOTE_GROUPS = HeaderNames.create("Remote-Groups");
    public static final HeaderName SESSION = HeaderNames.create("X-Gatehouse-Session");

    private final Authenticator authenticator;

    public VerifyEndpoint(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.find(req)
                .orElseThrow(() -> new NotAuthenticatedException("unauthenticated", "no valid session"));
        res.header(REMOTE_USER, caller.account().username());
        res.header(REMOTE_GROUPS, String.join(",", new TreeSet<>(caller.account().roles())));
        res.header(SESSION, caller.session().id());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(Status.OK_200).send();
    }
}
