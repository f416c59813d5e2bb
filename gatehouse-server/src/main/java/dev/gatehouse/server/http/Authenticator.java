package dev.gatehouse.server.http;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.session.SessionService;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the caller of a request from its session cookie, and applies the CSRF origin check to
 * every cookie-authenticated request that changes state.
 */
public final class Authenticator {

    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final SessionService sessions;
    private final AccountService accounts;
    private final Csrf csrf;

    public Authenticator(SessionService sessions, AccountService accounts, Csrf csrf) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.csrf = csrf;
    }

    /** The caller, if the request carries a valid session cookie of an unlocked account. */
    public Optional<Caller> find(ServerRequest req) {
        return Cookies.read(req, Cookies.SESSION)
                .flatMap(sessions::authenticate)
                .flatMap(session -> accounts.findById(session.accountId())
                        .filter(account -> !account.locked())
                        .map(account -> new Caller(account, session)));
    }

    /**
     * The caller, or 401. For unsafe methods carrying the cookie the origin check runs first, so
     * a forged request is refused before it can touch anything.
     */
    public Caller require(ServerRequest req) {
        if (!SAFE.contains(req.prologue().method()) && Cookies.read(req, Cookies.SESSION).isPresent()) {
            csrf.checkOrigin(req);
        }
        return find(req).orElseThrow(() -> new NotAuthenticatedException("unauthenticated", "sign in first"));
    }

    /** The caller if it is an administrator; 401 or 403 otherwise. */
    public Caller requireAdmin(ServerRequest req) {
        Caller caller = require(req);
        if (!caller.account().roles().contains(Account.ADMIN_ROLE)) {
            throw new NotPermittedException("forbidden", "this needs the admin role");
        }
        return caller;
    }
}
