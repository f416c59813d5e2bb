package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Views;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Where the session of a sign-in goes, whatever proved it (a password, a passkey): {@code cookie}
 * (the default: a session cookie), {@code token} (access and refresh tokens in the body) or
 * {@code token-cookie} (the same tokens in HttpOnly cookies, for single-page apps). The choice is
 * checked before the credential is, so a request that could never succeed costs no password hash
 * and no passkey ceremony.
 */
public final class LoginTransport {

    /** The answer to a cookie sign-in; the token itself travels only in the cookie. */
    public record CookieLogin(String sessionId, Views.AccountView account, Instant expiresAt) {
    }

    /**
     * A checked choice of transport.
     *
     * @param client the public client of a token transport; null for {@code cookie}
     */
    public record Target(String mode, Client client, String audience, String scope) {
    }

    /** RFC 6749 §3.3 scope: space-separated tokens of visible characters other than " and \. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*");

    private final SignIn signIn;
    private final Clients clients;
    private final Tokens tokens;
    private final TokenTransport transport;
    private final Clock clock;

    public LoginTransport(SignIn signIn, Clients clients, Tokens tokens, TokenTransport transport, Clock clock) {
        this.signIn = signIn;
        this.clients = clients;
        this.tokens = tokens;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Checks the transport fields of a sign-in request.
     *
     * @throws InvalidInputException {@code unsupported_transport}, {@code unknown_client},
     *         {@code invalid_field}, {@code invalid_scope}, {@code invalid_audience}
     */
    public Target target(String transportName, String clientId, String audience, String scope) {
        String mode = transportName == null ? "cookie" : transportName;
        switch (mode) {
            case "cookie" -> {
                if (clientId != null && !clientId.equals(Clients.WEB)) {
                    throw new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "cookie sessions belong to client 'web'");
                }
                if (audience != null || scope != null) {
                    throw new InvalidInputException(ErrorCode.INVALID_FIELD, "audience and scope apply to the token transports only");
                }
                return new Target(mode, null, null, null);
            }
            case "token", "token-cookie" -> {
                Client client = clients.findPublic(clientId)
                        .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "no public client with this id"));
                String chosen = clients.audienceFor(client, audience);
                if (scope != null && (scope.length() > 1000 || !SCOPE.matcher(scope).matches())) {
                    throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "scope is a space-separated list of scope names");
                }
                return new Target(mode, client, chosen, scope);
            }
            default -> throw new InvalidInputException(ErrorCode.UNSUPPORTED_TRANSPORT,
                    "transport must be one of cookie, token, token-cookie");
        }
    }

    /** Starts the session of an account that has just proved who it is with {@code method}, and answers with it. */
    public void answer(ServerRequest req, ServerResponse res, Target target, Account account, AuthMethod method) {
        Authentications proof = Authentications.of(method, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (target.client() == null) {
            Caller caller = signIn.startCookieSession(req, res, account, proof);
            Json.send(res, Status.OK_200, new CookieLogin(caller.session().id(), Views.account(caller.account()),
                    caller.session().expiresAt()));
            return;
        }
        boolean inCookies = target.mode().equals("token-cookie");
        if (inCookies) {
            // the answer drops the session cookie (one transport per browser): its session ends
            signIn.endPresentedSession(req);
        }
        Tokens.TokenGrant grant = tokens.start(account, target.client(), target.audience(), target.scope(),
                signIn.device(req), proof);
        if (inCookies) {
            transport.sendInCookies(res, grant);
        } else {
            transport.sendInBody(res, grant);
        }
    }
}
