package dev.gatehouse.server.signin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.ErrorMapping;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.passkey.PasskeyEndpoints;
import dev.gatehouse.server.signin.SecondStep.Answer;
import dev.gatehouse.server.signin.SignInChallenges.Challenge;
import dev.gatehouse.server.signin.SignInChallenges.Transport;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code POST /v1/login/mfa}: completes a sign-in that {@code POST /v1/login} answered with
 * {@code mfa_required}, with a code from the account's authenticator app or one of its recovery
 * codes, or with one of its passkeys ({@code factor: passkey} with the {@code state} of {@code POST
 * /v1/login/mfa/passkey-options} and the browser's {@code credential}). The answer is the one {@code /v1/login} gives for the transport it was asked for; the
 * session is proved by the password (at its time) and the factor (now). A wrong code answers
 * 401 {@code invalid_code} with the tries the challenge still takes.
 */
public final class LoginMfaEndpoint implements Handler {

    /** The request body. */
    public record MfaRequest(String challenge, String factor, String code, String state, JsonNode credential) {
    }

    /** The body of {@code POST /v1/login/mfa/passkey-options}. */
    public record OptionsRequest(String challenge) {
    }

    private final SecondStep secondStep;
    private final SignInAnswer answer;
    private final SignIn signIn;

    public LoginMfaEndpoint(SecondStep secondStep, SignInAnswer answer, SignIn signIn) {
        this.secondStep = secondStep;
        this.answer = answer;
        this.signIn = signIn;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        MfaRequest body = Json.read(req, MfaRequest.class);
        String value = Json.required(body.challenge(), "challenge");
        FactorKind kind = factor(Json.required(body.factor(), "factor"));
        if (kind == FactorKind.PASSKEY) {
            String state = Json.required(body.state(), "state");
            String credential = PasskeyEndpoints.credentialJson(body.credential());
            SecondStep.Answer.Proved proved = secondStep.answerWithPasskey(open(value), state, credential,
                    signIn.device(req).ip());
            answer.send(req, res, proved.account(), proved.then(), proved.proof());
            return;
        }
        String code = Json.required(body.code(), "code");
        if (code.length() > 64) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "field 'code' is too long for a code");
        }
        switch (secondStep.answer(open(value), kind, code)) {
            case Answer.Proved proved -> answer.send(req, res, proved.account(), proved.then(), proved.proof());
            case Answer.Wrong wrong -> ErrorMapping.send(res, new NotAuthenticatedException(ErrorCode.INVALID_CODE,
                    wrong.triesLeft() == 0 ? "the code is wrong, and the challenge is used up; sign in again"
                            : "the code is wrong; " + wrong.triesLeft() + " more tries with this challenge"),
                    Map.of("tries_left", wrong.triesLeft()));
        }
    }

    /**
     * {@code POST /v1/login/mfa/passkey-options}: the WebAuthn options for answering the challenge
     * with one of its account's passkeys ({@code {state, public_key}}, as the passkey sign-in's).
     */
    public void passkeyOptions(ServerRequest req, ServerResponse res) {
        String value = Json.required(Json.read(req, OptionsRequest.class).challenge(), "challenge");
        Json.send(res, Status.OK_200, PasskeyEndpoints.Options.of(secondStep.passkeyOptions(open(value))));
    }

    /** The challenge a JSON client holds; one of the sign-in page's is refused. */
    private Challenge open(String value) {
        Challenge challenge = secondStep.challenges().open(value);
        if (challenge.then().transport() == Transport.PAGE) {
            throw new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE, "this challenge belongs to the sign-in page");
        }
        return challenge;
    }

    /** The factor an answer is for: a code's, or a passkey's signature. */
    private static FactorKind factor(String name) {
        return switch (name) {
            case "totp" -> FactorKind.TOTP;
            case "recovery_code" -> FactorKind.RECOVERY_CODE;
            case "passkey" -> FactorKind.PASSKEY;
            default -> throw new InvalidInputException(ErrorCode.INVALID_FIELD, "factor must be totp, recovery_code or passkey");
        };
    }
}
