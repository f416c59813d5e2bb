package dev.gatehouse.server.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.mfa.PasskeySignIn;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.signin.SignInAnswer;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Signing in with a passkey, without a password: {@code POST /v1/passkeys/sign-in-options} (no
 * caller; the options allow any discoverable passkey of this site, which also suits the
 * browser's autofill UI), then {@code POST /v1/passkeys/sign-in} with the browser's answer and
 * the transport fields of {@code POST /v1/login}, answered as that is. The session records the
 * passkey as what it proved ({@code hwk} or {@code swk}).
 */
public final class PasskeySignInEndpoints {

    public record SignInRequest(String state, JsonNode credential, String transport, String clientId, String audience,
                                String scope) {
    }

    private final Passkeys passkeys;
    private final SignIn signIn;
    private final SignInAnswer answer;
    private final Clock clock;

    public PasskeySignInEndpoints(Passkeys passkeys, SignIn signIn, SignInAnswer answer, Clock clock) {
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.answer = answer;
        this.clock = clock;
    }

    public void options(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, PasskeyEndpoints.Options.of(passkeys.signInOptions()));
    }

    public void signIn(ServerRequest req, ServerResponse res) {
        SignInRequest body = Json.read(req, SignInRequest.class);
        String state = Json.required(body.state(), "state");
        String credential = PasskeyEndpoints.credentialJson(body.credential());
        Completion then = answer.completion(body.transport(), body.clientId(), body.audience(), body.scope());
        PasskeySignIn done = passkeys.signIn(state, credential, signIn.device(req).ip());
        answer.send(req, res, done.account(), then,
                Authentications.of(done.method(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }
}
