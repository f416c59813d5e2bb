package dev.gatehouse.server.auth;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.http.Cookies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the caller of a request, from (in this order) an {@code Authorization: Bearer} access
 * token, the session cookie, or the SPA access-token cookie; and applies the CSRF origin check to
 * every cookie-authenticated request that changes state. A request that presents a bearer token
 * is judged by that token alone: an invalid one is not rescued by a cookie.
 */
public final class Authenticator {

    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final Sessions sessions;
    private final Accounts accounts;
    private final Tokens tokens;
    private final Csrf csrf;

    public Authenticator(Sessions sessions, Accounts accounts, Tokens tokens, Csrf csrf) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.tokens = tokens;
        this.csrf = csrf;
    }

    /** The caller, if the request proves a live session of an unlocked account. */
    public Optional<Caller> find(ServerRequest req) {
        return credential(req).flatMap(this::caller);
    }

    /** What a request presents to prove a session; a bearer header wins over cookies. */
    private enum Kind { BEARER, SESSION_COOKIE, ACCESS_TOKEN_COOKIE }

    private record Credential(Kind kind, String value) {
        boolean isCookie() {
            return kind != Kind.BEARER;
        }
    }

    private static Optional<Credential> credential(ServerRequest req) {
        Optional<String> bearer = bearer(req);
        if (bearer.isPresent()) {
            return Optional.of(new Credential(Kind.BEARER, bearer.get()));
        }
        Optional<String> session = Cookies.read(req, Cookies.SESSION);
        if (session.isPresent()) {
            return Optional.of(new Credential(Kind.SESSION_COOKIE, session.get()));
        }
        return Cookies.read(req, Cookies.ACCESS_TOKEN).map(token -> new Credential(Kind.ACCESS_TOKEN_COOKIE, token));
    }

    private Optional<Caller> caller(Credential credential) {
        return switch (credential.kind()) {
            case SESSION_COOKIE -> sessions.authenticate(credential.value()).flatMap(session ->
                    account(session.accountId()).map(account -> new Caller(account, session)));
            case BEARER, ACCESS_TOKEN_COOKIE -> fromAccessToken(credential.value());
        };
    }

    private Optional<Caller> fromAccessToken(String token) {
        return tokens.authenticate(token).flatMap(a -> account(a.session().accountId())
                .map(account -> new Caller(account, a.session(), a.claims())));
    }

    private Optional<Account> account(String id) {
        return accounts.findById(id).filter(account -> !account.locked());
    }

    /**
     * The caller of Gatehouse's own account API, or 401. For unsafe methods authenticated by a
     * cookie the origin check runs first, so a forged request is refused before it can touch
     * anything. An access token (in any carrier) must be one issued for the account API, audience
     * {@value Clients#ACCOUNT_AUDIENCE}; a token for a resource server is refused with 403
     * {@code wrong_audience}, so that server cannot replay it to list or end the user's sessions.
     */
    public Caller require(ServerRequest req) {
        Optional<Credential> credential = credential(req);
        if (!SAFE.contains(req.prologue().method()) && credential.filter(Credential::isCookie).isPresent()) {
            csrf.checkOrigin(req);
        }
        Caller caller = credential.flatMap(this::caller)
                .orElseThrow(() -> new NotAuthenticatedException(ErrorCode.UNAUTHENTICATED, "sign in first"));
        if (caller.token() != null && !caller.token().isFor(Clients.ACCOUNT_AUDIENCE)) {
            throw new NotPermittedException(ErrorCode.WRONG_AUDIENCE, "this token is for '"
                    + String.join("', '", caller.token().audience())
                    + "'; the account API takes tokens of audience '" + Clients.ACCOUNT_AUDIENCE + "'");
        }
        return caller;
    }

    /**
     * The caller if it is an administrator signed in with a session cookie; 401 or 403 otherwise.
     * An access token is refused here in every carrier (header or SPA cookie): tokens are handed
     * to resource servers and third-party clients, and none of them may replay an administrator's
     * token against the admin API, whatever cookie it puts it in.
     */
    public Caller requireAdmin(ServerRequest req) {
        if (credential(req).filter(c -> c.kind() != Kind.SESSION_COOKIE).isPresent()) {
            throw new NotPermittedException(ErrorCode.BROWSER_SESSION_REQUIRED,
                    "the admin API takes a signed-in browser session, not an access token");
        }
        Caller caller = require(req);
        if (!caller.account().roles().contains(Account.ADMIN_ROLE)) {
            throw new NotPermittedException(ErrorCode.FORBIDDEN, "this needs the admin role");
        }
        return caller;
    }

    /** The token of an {@code Authorization: Bearer} header, if there is one. */
    public static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(h -> h.substring(7).strip());
    }
}
