package dev.gatehouse.server.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.PasskeyCeremony;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.pages.StepUp;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A signed-in account's passkeys: {@code POST /v1/passkeys/registration-options} and
 * {@code POST /v1/passkeys} register one (the browser's {@code navigator.credentials.create()} in
 * between), {@code GET /v1/passkeys} lists them, {@code PATCH} and {@code DELETE
 * /v1/passkeys/{id}} rename and remove one. Cookie callers pass the origin check of
 * {@link Authenticator#require}, so another site cannot register its own passkey to a visitor.
 */
public final class PasskeyEndpoints {

    /** The start of a ceremony: the state to hand back, and the options for the browser (WebAuthn's own member names). */
    public record Options(String state, Map<String, Object> publicKey) {
        public static Options of(PasskeyCeremony c) {
            return new Options(c.state(), c.publicKey());
        }
    }

    /** {@code credential}: the {@code PublicKeyCredential} as its {@code toJSON()} gives it. */
    public record RegisterRequest(String state, JsonNode credential, String name) {
    }

    public record RenameRequest(String name) {
    }

    /**
     * A passkey as its owner sees it.
     *
     * @param synced whether it may be synced to other devices (backup-eligible); otherwise it is bound to one
     */
    public record PasskeyView(String id, String name, Instant createdAt, Instant lastUsedAt, boolean synced,
                              List<String> transports) {
        public static PasskeyView of(Passkey p) {
            return new PasskeyView(p.credentialId(), p.name(), p.createdAt(), p.lastUsedAt(), p.backupEligible(),
                    Arrays.stream(p.transports().split(",")).filter(t -> !t.isBlank()).toList());
        }
    }

    /**
     * The answer to a registration: the passkey, and the account's recovery codes when this was
     * its first second factor (shown once; empty when it had codes already).
     */
    public record Registered(String id, String name, Instant createdAt, Instant lastUsedAt, boolean synced,
                             List<String> transports, List<String> recoveryCodes) {
        static Registered of(Passkey p, List<String> recoveryCodes) {
            PasskeyView v = PasskeyView.of(p);
            return new Registered(v.id(), v.name(), v.createdAt(), v.lastUsedAt(), v.synced(), v.transports(),
                    recoveryCodes);
        }
    }

    public record PasskeyList(List<PasskeyView> passkeys) {
    }

    private final Authenticator authenticator;
    private final Passkeys passkeys;
    private final SecondFactors factors;
    private final SignIn signIn;
    private final StepUp stepUp;

    public PasskeyEndpoints(Authenticator authenticator, Passkeys passkeys, SecondFactors factors, SignIn signIn,
                            StepUp stepUp) {
        this.authenticator = authenticator;
        this.passkeys = passkeys;
        this.factors = factors;
        this.signIn = signIn;
        this.stepUp = stepUp;
    }

    public void registrationOptions(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, Options.of(passkeys.registrationOptions(caller.account())));
    }

    public void register(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        RegisterRequest body = Json.read(req, RegisterRequest.class);
        String state = Json.required(body.state(), "state");
        String credential = credentialJson(body.credential());
        Passkey passkey = passkeys.register(caller.account(), state, credential, body.name(), signIn.device(req).ip());
        Json.send(res, Status.CREATED_201, Registered.of(passkey, factors.recoveryCodesIfNone(caller.account())));
    }

    public void list(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, new PasskeyList(passkeys.list(caller.account().id()).stream()
                .map(PasskeyView::of).toList()));
    }

    public void rename(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        RenameRequest body = Json.read(req, RenameRequest.class);
        passkeys.rename(caller.account(), req.path().pathParameters().get("id"), Json.required(body.name(), "name"));
        res.status(Status.NO_CONTENT_204).send();
    }

    public void remove(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        stepUp.demandForApi(caller);
        passkeys.remove(caller.account(), req.path().pathParameters().get("id"), signIn.device(req).ip());
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The browser's credential as JSON text for the WebAuthn library; it must be an object. */
    public static String credentialJson(JsonNode credential) {
        Json.required(credential, "credential");
        if (!credential.isObject()) {
            throw new InvalidInputException(ErrorCode.INVALID_PASSKEY_RESPONSE,
                    "credential must be the PublicKeyCredential as its toJSON() gives it");
        }
        return credential.toString();
    }
}
