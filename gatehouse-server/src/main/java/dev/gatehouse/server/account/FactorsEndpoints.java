package dev.gatehouse.server.account;

import dev.gatehouse.core.mfa.FactorSummary;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.pages.StepUp;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;

/**
 * My second factors over JSON, for apps that enrol them without the pages: {@code GET /v1/factors},
 * {@code POST /v1/factors/totp} (start an authenticator-app enrolment), {@code POST
 * /v1/factors/totp/confirm}, {@code DELETE /v1/factors/totp} and {@code POST
 * /v1/factors/recovery-codes} (new codes). Removing a factor and replacing the recovery codes
 * are sensitive actions, decided as on the pages ({@link StepUp#demandForApi}): a stolen session
 * alone cannot weaken the account.
 */
public final class FactorsEndpoints {

    public record PasskeyView(String id, String name, Instant createdAt, Instant lastUsedAt, boolean synced) {
    }

    public record FactorsView(boolean totp, int recoveryCodesLeft, List<PasskeyView> passkeys) {
    }

    public record Enrolment(String secret, String uri) {
    }

    public record Code(String code) {
    }

    public record RecoveryCodes(List<String> recoveryCodes) {
    }

    private final Authenticator authenticator;
    private final SecondFactors factors;
    private final StepUp stepUp;

    public FactorsEndpoints(Authenticator authenticator, SecondFactors factors, StepUp stepUp) {
        this.authenticator = authenticator;
        this.factors = factors;
        this.stepUp = stepUp;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        Json.send(res, Status.OK_200, view(factors.summary(caller.account().id())));
    }

    public void startTotp(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        TotpEnrolment enrolment = factors.startTotp(caller.account());
        Json.send(res, Status.CREATED_201, new Enrolment(enrolment.secret(), enrolment.uri()));
    }

    public void confirmTotp(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.require(req);
        String code = Json.required(Json.read(req, Code.class).code(), "code");
        Json.send(res, Status.OK_200, new RecoveryCodes(factors.confirmTotp(caller.account(), code)));
    }

    public void removeTotp(ServerRequest req, ServerResponse res) {
        Caller caller = recentlyAuthenticated(req);
        factors.removeTotp(caller.account());
        res.status(Status.NO_CONTENT_204).send();
    }

    public void newRecoveryCodes(ServerRequest req, ServerResponse res) {
        Caller caller = recentlyAuthenticated(req);
        Json.send(res, Status.OK_200, new RecoveryCodes(factors.regenerateRecoveryCodes(caller.account())));
    }

    private Caller recentlyAuthenticated(ServerRequest req) {
        Caller caller = authenticator.require(req);
        stepUp.demandForApi(caller);
        return caller;
    }

    static FactorsView view(FactorSummary summary) {
        return new FactorsView(summary.totp(), summary.recoveryCodesLeft(), summary.passkeys().stream()
                .map(FactorsEndpoints::passkey).toList());
    }

    private static PasskeyView passkey(Passkey p) {
        return new PasskeyView(p.credentialId(), p.name(), p.createdAt(), p.lastUsedAt(), p.backupEligible());
    }
}
