package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;

/**
 * The answer of a successful JSON sign-in, for its transport: one place, so a sign-in completed
 * by its second step ({@code POST /v1/login/mfa}) answers exactly as one that needed none.
 */
public final class SignInAnswer {

    /** The answer to a cookie sign-in; the token itself travels only in the cookie. */
    public record CookieLogin(String sessionId, Views.AccountView account, Instant expiresAt) {
    }

    private final SignIn signIn;
    private final Clients clients;
    private final Tokens tokens;
    private final TokenTransport transport;

    public SignInAnswer(SignIn signIn, Clients clients, Tokens tokens, TokenTransport transport) {
        this.signIn = signIn;
        this.clients = clients;
        this.tokens = tokens;
        this.transport = transport;
    }

    /** Starts the session {@code proof} proves and answers with it as {@code then} says. */
    public void send(ServerRequest req, ServerResponse res, Account account, Completion then, Authentications proof) {
        switch (then.transport()) {
            case COOKIE -> {
                Caller caller = signIn.completeWithCookie(req, res, account, proof);
                Json.send(res, Status.OK_200, new CookieLogin(caller.session().id(), Views.account(caller.account()),
                        caller.session().expiresAt()));
            }
            case TOKEN, TOKEN_COOKIE -> {
                // the client may have been deleted between the two steps
                Client client = clients.findPublic(then.clientId())
                        .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "no public client with this id"));
                boolean inCookies = then.transport() == SignInChallenges.Transport.TOKEN_COOKIE;
                if (inCookies) {
                    // the answer drops the session cookie (one transport per browser): its session ends
                    signIn.endPresentedSession(req);
                }
                Tokens.TokenGrant grant = tokens.start(account, client, then.audience(), then.scope(), signIn.device(req),
                        proof);
                if (inCookies) {
                    transport.sendInCookies(res, grant);
                } else {
                    transport.sendInBody(res, grant);
                }
            }
            case PAGE -> throw new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE,
                    "this challenge belongs to the sign-in page");
        }
    }
}
