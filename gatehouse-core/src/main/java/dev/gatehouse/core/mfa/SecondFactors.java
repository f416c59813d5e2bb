package dev.gatehouse.core.mfa;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Clock;
import java.util.List;

/**
 * Enrols, checks and removes accounts' authenticator apps (TOTP) and recovery codes, and says
 * which factors an account has. Passkeys are registered and checked by {@code Passkeys}; this
 * class lists them and removes them in an administrator's reset.
 */
public final class SecondFactors {

    private final FactorStore store;
    private final Sealer sealer;
    private final AttemptCounter attempts;
    private final AuditLog audit;
    private final MfaPolicy policy;
    private final String issuer;
    private final Clock clock;

    /**
     * @param sealer seals TOTP secrets at rest (its own derived key)
     * @param issuer the name authenticator apps show beside the account ("Gatehouse")
     */
    public SecondFactors(FactorStore store, Sealer sealer, AttemptCounter attempts, AuditLog audit, MfaPolicy policy,
                         String issuer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.attempts = attempts;
        this.audit = audit;
        this.policy = policy;
        this.issuer = issuer;
        this.clock = clock;
    }

    public MfaPolicy policy() {
        return policy;
    }

    /** The account's factors, without secrets. */
    public FactorSummary summary(String accountId) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Whether a sign-in of this account takes a second step: it has a second factor. */
    public boolean isNeededAtSignIn(Account account) {
        return summary(account.id()).hasSecondFactor();
    }

    /** Whether the policy requires a second factor of this account and it has none yet. */
    public boolean mustEnrol(Account account) {
        return policy.requires(account) && !summary(account.id()).hasSecondFactor();
    }

    /**
     * Starts (or starts again) an authenticator-app enrolment: a new secret, pending until
     * {@link #confirmTotp} sees a code from it.
     *
     * @throws dev.gatehouse.core.error.ConflictException {@code factor_exists} when a confirmed one exists
     */
    public TotpEnrolment startTotp(Account account) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Confirms a pending enrolment with a code from the app; the code is spent.
     *
     * @return the account's new recovery codes when it had none (shown once), else an empty list
     * @throws dev.gatehouse.core.error.NotAuthenticatedException {@code invalid_code}
     * @throws dev.gatehouse.core.error.InvalidInputException {@code factor_not_enrolled} without a pending enrolment
     */
    public List<String> confirmTotp(Account account, String code) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Checks a second-factor code at sign-in or step-up and spends it.
     *
     * @param kind {@link FactorKind#TOTP} or {@link FactorKind#RECOVERY_CODE}
     * @return the method proved
     * @throws dev.gatehouse.core.error.NotAuthenticatedException {@code invalid_code}
     * @throws dev.gatehouse.core.error.InvalidInputException {@code factor_not_enrolled}
     * @throws dev.gatehouse.core.error.BusyException {@code too_many_attempts} past the account's limit
     */
    public AuthMethod verify(Account account, FactorKind kind, String code) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Removes the account's authenticator app (by the account itself). */
    public void removeTotp(Account account) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Replaces the account's recovery codes; the new ones are shown once. */
    public List<String> regenerateRecoveryCodes(Account account) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Removes every second factor of an account, for a user who lost their device; audited. */
    public int reset(Account account, Actor by) {
        throw new UnsupportedOperationException("not built yet");
    }
}
