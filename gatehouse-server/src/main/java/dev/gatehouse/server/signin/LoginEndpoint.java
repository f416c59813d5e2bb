package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.signin.SecondStep.AfterPassword;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private final SignIn signIn;
    private final SecondStep secondStep;
    private final SignInAnswer answer;

    public LoginEndpoint(SignIn signIn, SecondStep secondStep, SignInAnswer answer) {
        this.signIn = signIn;
        this.secondStep = secondStep;
        this.answer = answer;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        LoginRequest body = Json.read(req, LoginRequest.class);
        String username = Json.required(body.username(), "username");
        String password = Json.required(body.password(), "password");
        Completion then = answer.completion(body.transport(), body.clientId(), body.audience(), body.scope());
        signIn(req, res, username, password, then);
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
