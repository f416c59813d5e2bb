package dev.gatehouse.server.oidc;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.oidc.OidcScopes;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|POST /oauth2/userinfo} (OpenID Connect Core §5.3): the claims about the account an
 * access token of an {@code openid} grant speaks for. The token is checked as the account API
 * checks one ({@link Tokens#authenticate}: signature, lifetime, live session, id not revoked), so
 * a grant that ended answers nothing from the next request on. A client's token for itself has
 * no account and is refused like any invalid token. Failures are answered as RFC 6750 §3 asks:
 * 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}, 403 with
 * {@code error="insufficient_scope"} for a token without {@code openid}.
 */
public final class UserinfoEndpoint implements Handler {

    private final Tokens tokens;
    private final Accounts accounts;

    public UserinfoEndpoint(Tokens tokens, Accounts accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<Tokens.Authenticated> caller = bearer(req).flatMap(tokens::authenticate);
        Optional<Account> account = caller.flatMap(c -> accounts.findById(c.claims().subject())).filter(a -> !a.locked());
        if (caller.isEmpty() || account.isEmpty()) {
            refuse(res, Status.UNAUTHORIZED_401, "invalid_token", "the access token is invalid, expired or revoked");
            return;
        }
        String scope = caller.get().claims().scope();
        if (!OidcScopes.has(scope, OidcScopes.OPENID)) {
            refuse(res, Status.FORBIDDEN_403, "insufficient_scope", "the access token was not granted the openid scope");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", account.get().id());
        body.putAll(OidcScopes.claims(account.get(), scope));
        Json.send(res, Status.OK_200, body);
    }

    /** The token of an {@code Authorization: Bearer} header, the one way this endpoint accepts. */
    private static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(h -> h.substring(7).strip());
    }

    private static void refuse(ServerResponse res, Status status, String error, String description) {
        String challenge = "Bearer error=\"" + error + "\""
                + (error.equals("insufficient_scope") ? ", scope=\"" + OidcScopes.OPENID + "\"" : "");
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        Json.send(res, status, Map.of("error", error, "error_description", description));
    }
}
