package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.signin.SecondStep.AfterPassword;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
import dev.gatehouse.server.signin.SignInChallenges.Transport;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/login}: sign in with a name and password, over one of three transports:
 * {@code cookie} (the default: a session cookie), {@code token} (access and refresh tokens in the
 * body) or {@code token-cookie} (the same tokens in HttpOnly cookies, for single-page apps).
 *
 * <p>An account with a second factor gets no session here: the answer is 401 {@code mfa_required}
 * with a challenge that {@code POST /v1/login/mfa} completes, over the transport asked for here.
 * An account that must enrol one first is refused ({@code mfa_enrollment_required}): enrolment
 * shows a QR code, which is the sign-in page's job.
 */
public final class LoginEndpoint implements Handler {

    /** The request body. */
    public record LoginRequest(String username, String password, String transport, String clientId, String audience,
                               String scope) {
    }

    /** RFC 6749 §3.3 scope: space-separated tokens of visible characters other than " and \. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*");

    private final SignIn signIn;
    private final Clients clients;
    private final SecondStep secondStep;
    private final SignInAnswer answer;

    public LoginEndpoint(SignIn signIn, Clients clients, SecondStep secondStep, SignInAnswer answer) {
        this.signIn = signIn;
        this.clients = clients;
        this.secondStep = secondStep;
        this.answer = answer;
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
        signIn(req, res, username, password, Completion.cookie());
    }

    private void token(ServerRequest req, ServerResponse res, LoginRequest body, String username, String password,
                       boolean inCookies) {
        Client client = clients.findPublic(body.clientId())
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CLIENT, "no public client with this id"));
        String audience = clients.audienceFor(client, body.audience());
        if (body.scope() != null && (body.scope().length() > 1000 || !SCOPE.matcher(body.scope()).matches())) {
            throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "scope is a space-separated list of scope names");
        }
        signIn(req, res, username, password, new Completion(inCookies ? Transport.TOKEN_COOKIE : Transport.TOKEN,
                client.id(), audience, body.scope(), null));
    }

    /** The password, then a session at once or a challenge for the second step. */
    private void signIn(ServerRequest req, ServerResponse res, String username, String password, Completion then) {
        Account account = signIn.password(req, username, password);
        switch (secondStep.afterPassword(account, then, false)) {
            case AfterPassword.Done done -> answer.send(req, res, account, then, done.proof());
            case AfterPassword.Challenged c -> ErrorMapping.send(res, new NotAuthenticatedException(ErrorCode.MFA_REQUIRED,
                            "the password is right; a second factor completes the sign-in at POST /v1/login/mfa"),
                    challengeMembers(c));
            case AfterPassword.Enrolling e -> throw new IllegalStateException("the JSON sign-in does not enrol");
        }
    }

    /** The members of an {@code mfa_required} problem: the challenge, the factors that answer it, its expiry. */
    private static Map<String, Object> challengeMembers(AfterPassword.Challenged c) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("challenge", c.challenge().value());
        members.put("factors", c.factors().stream().sorted().map(FactorKind::code).toList());
        members.put("expires_at", c.challenge().challenge().expiresAt().toString());
        return members;
    }
}
