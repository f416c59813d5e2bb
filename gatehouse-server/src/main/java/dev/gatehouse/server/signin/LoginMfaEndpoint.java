package dev.gatehouse.server.signin;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.signin.SecondStep.Answer;
import dev.gatehouse.server.signin.SignInChallenges.Challenge;
import dev.gatehouse.server.signin.SignInChallenges.Transport;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code POST /v1/login/mfa}: completes a sign-in that {@code POST /v1/login} answered with
 * {@code mfa_required}, with a code from the account's authenticator app or one of its recovery
 * codes. The answer is the one {@code /v1/login} gives for the transport it was asked for; the
 * session is proved by the password (at its time) and the factor (now). A wrong code answers
 * 401 {@code invalid_code} with the tries the challenge still takes.
 */
public final class LoginMfaEndpoint implements Handler {

    /** The request body. */
    public record MfaRequest(String challenge, String factor, String code) {
    }

    private final SecondStep secondStep;
    private final SignInAnswer answer;

    public LoginMfaEndpoint(SecondStep secondStep, SignInAnswer answer) {
        this.secondStep = secondStep;
        this.answer = answer;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        MfaRequest body = Json.read(req, MfaRequest.class);
        String value = Json.required(body.challenge(), "challenge");
        FactorKind kind = factor(Json.required(body.factor(), "factor"));
        String code = Json.required(body.code(), "code");
        if (code.length() > 64) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "field 'code' is too long for a code");
        }
        Challenge challenge = secondStep.challenges().open(value);
        if (challenge.then().transport() == Transport.PAGE) {
            throw new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE, "this challenge belongs to the sign-in page");
        }
        switch (secondStep.answer(challenge, kind, code)) {
            case Answer.Proved proved -> answer.send(req, res, proved.account(), proved.then(), proved.proof());
            case Answer.Wrong wrong -> ErrorMapping.send(res, new NotAuthenticatedException(ErrorCode.INVALID_CODE,
                    wrong.triesLeft() == 0 ? "the code is wrong, and the challenge is used up; sign in again"
                            : "the code is wrong; " + wrong.triesLeft() + " more tries with this challenge"),
                    Map.of("tries_left", wrong.triesLeft()));
        }
    }

    /** The factor a code is for; passkeys answer through the passkey sign-in (a WebAuthn assertion). */
    private static FactorKind factor(String name) {
        return switch (name) {
            case "totp" -> FactorKind.TOTP;
            case "recovery_code" -> FactorKind.RECOVERY_CODE;
            default -> throw new InvalidInputException(ErrorCode.INVALID_FIELD, "factor must be totp or recovery_code");
        };
    }
}
