package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/login}: sign in with a name and password, over one of three transports:
 * {@code cookie} (the default: a session cookie), {@code token} (access and refresh tokens in the
 * body) or {@code token-cookie} (the same tokens in HttpOnly cookies, for single-page apps).
 */
public final class LoginEndpoint implements Handler {

    /** The request body. */
    public record LoginRequest(String username, String password, String transport, String clientId, String audience,
                               String scope) {
    }

    /** The answer to a cookie sign-in; the token itself travels only in the cookie. */
    public record CookieLogin(String sessionId, Views.AccountView account, Instant expiresAt) {
    }

    /** RFC 6749 §3.3 scope: space-separated tokens of visible characters other than " and \. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*");

    private final SignIn signIn;
    private final Clients clients;
    private final Tokens tokens;
    private final TokenTransport transport;

    public LoginEndpoint(SignIn signIn, Clients clients, Tokens tokens, TokenTransport transport) {
        this.signIn = signIn;
        this.clients = clients;
        this.tokens = tokens;
        this.transport = transport;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        LoginRequest body = Json.read(req, LoginRequest.class);
        String username = Json.required(body.username(), "username");
        String password = Json.required(body.password(), "password");
        String mode = body.transport() == null ? "cookie" : body.transport();
        switch (mode) {
            case "cookie" -> cookie(req, res, body, username, password);
            case "token", "token-cookie" -> token(req, res, body, username, password, mode.equals("token-cookie"));
            default -> throw new InvalidInputException(ErrorCode.UNSUPPORTED_TRANSPORT,
                    "transport must be one of cookie, token, token-cookie");
        }
    }

    private void cookie(ServerRequest req, ServerResponse res, LoginRequest body, String username, String password) {
        if (body.clientId() != null && !body.clientId().equals(Clients.WEB)) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "cookie sessions belong to client 'web'");
        }
        if (body.audience() != null || body.scope() != null) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "audience and scope apply to the token transports only");
        }
        Caller caller = signIn.withCookie(req, res, username, password);
        Json.send(res, Status.OK_200, new CookieLogin(caller.session().id(), Views.account(caller.account()),
                caller.session().expiresAt()));
    }

    private void token(ServerRequest req, ServerResponse res, LoginRequest body, String username, String password,
                       boolean inCookies) {
        Client client = clients.findPublic(body.clientId())
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "no public client with this id"));
        String audience = clients.audienceFor(client, body.audience());
        if (body.scope() != null && (body.scope().length() > 1000 || !SCOPE.matcher(body.scope()).matches())) {
            throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "scope is a space-separated list of scope names");
        }
        Account account = signIn.password(req, username, password);
        if (inCookies) {
            // the answer drops the session cookie (one transport per browser): its session ends
            signIn.endPresentedSession(req);
        }
        Tokens.TokenGrant grant = tokens.start(account, client, audience, body.scope(), signIn.device(req));
        if (inCookies) {
            transport.sendInCookies(res, grant);
        } else {
            transport.sendInBody(res, grant);
        }
    }
}
