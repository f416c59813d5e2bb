package dev.gatehouse.server.account;

import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/password}: change my password. Every session of the account ends and every
 * access token issued so far is refused; a browser that changed it by cookie gets a fresh
 * session (a new token on a change of credentials), token clients sign in again.
 */
public final class PasswordEndpoint implements Handler {

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    public record Changed(String sessionId) {
    }

    private final Authenticator authenticator;
    private final Accounts accounts;
    private final SignIn signIn;

    public PasswordEndpoint(Authenticator authenticator, Accounts accounts, SignIn signIn) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.signIn = signIn;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        PasswordChange body = Json.read(req, PasswordChange.class);
        String current = Json.required(body.currentPassword(), "current_password");
        String next = Json.required(body.newPassword(), "new_password");
        accounts.changePassword(caller.account().id(), current, next, signIn.device(req).ip());
        if (caller.token() == null) {
            // the old session ended with the others; the browser gets a new one
            Caller fresh = signIn.startCookieSession(req, res, caller.account(), caller.session());
            Json.send(res, Status.OK_200, new Changed(fresh.session().id()));
        } else {
            TokenTransport.clearAll(res);
            Json.send(res, Status.OK_200, new Changed(null));
        }
    }
}
