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
import dev.gatehouse.server.signin.SignInChallenges.Transport;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The answer of a successful JSON sign-in, for its transport: one place, so a sign-in completed
 * by its second step ({@code POST /v1/login/mfa}) answers exactly as one that needed none.
 */
public final class SignInAnswer {

    /** The answer to a cookie sign-in; the token itself travels only in the cookie. */
    public record CookieLogin(String sessionId, Views.AccountView account, Instant expiresAt) {
    }

    /** RFC 6749 §3.3 scope: space-separated tokens of visible characters other than " and \. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*");

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

    /**
     * Checks the transport fields of a JSON sign-in ({@code cookie}, the default; {@code token};
     * {@code token-cookie}) before any credential is, so a request that could never succeed costs
     * no password hash and no passkey ceremony.
     *
     * @throws InvalidInputException {@code unsupported_transport}, {@code unknown_client},
     *         {@code invalid_field}, {@code invalid_scope}, {@code invalid_audience}
     */
    public Completion completion(String transport, String clientId, String audience, String scope) {
        String mode = transport == null ? "cookie" : transport;
        return switch (mode) {
            case "cookie" -> {
                if (clientId != null && !clientId.equals(Clients.WEB)) {
                    throw new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "cookie sessions belong to client 'web'");
                }
                if (audience != null || scope != null) {
                    throw new InvalidInputException(ErrorCode.INVALID_FIELD,
                            "audience and scope apply to the token transports only");
                }
                yield Completion.cookie();
            }
            case "token", "token-cookie" -> {
                Client client = clients.findPublic(clientId)
                        .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "no public client with this id"));
                String chosen = clients.audienceFor(client, audience);
                if (scope != null && (scope.length() > 1000 || !SCOPE.matcher(scope).matches())) {
                    throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "scope is a space-separated list of scope names");
                }
                yield new Completion(mode.equals("token") ? Transport.TOKEN : Transport.TOKEN_COOKIE, client.id(), chosen,
                        scope, null);
            }
            default -> throw new InvalidInputException(ErrorCode.UNSUPPORTED_TRANSPORT,
                    "transport must be one of cookie, token, token-cookie");
        };
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
