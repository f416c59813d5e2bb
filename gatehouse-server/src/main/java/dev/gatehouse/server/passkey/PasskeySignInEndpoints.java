package dev.gatehouse.server.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.mfa.PasskeySignIn;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.signin.LoginTransport;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

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
    private final LoginTransport transport;

    public PasskeySignInEndpoints(Passkeys passkeys, SignIn signIn, LoginTransport transport) {
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.transport = transport;
    }

    public void options(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, PasskeyEndpoints.Options.of(passkeys.signInOptions()));
    }

    public void signIn(ServerRequest req, ServerResponse res) {
        SignInRequest body = Json.read(req, SignInRequest.class);
        String state = Json.required(body.state(), "state");
        String credential = PasskeyEndpoints.credentialJson(body.credential());
        LoginTransport.Target target = transport.target(body.transport(), body.clientId(), body.audience(), body.scope());
        PasskeySignIn done = passkeys.signIn(state, credential, signIn.device(req).ip());
        transport.answer(req, res, target, done.account(), done.method());
    }
}
