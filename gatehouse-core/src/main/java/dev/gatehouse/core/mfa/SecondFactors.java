package dev.gatehouse.core.mfa;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.core.throttle.AttemptCounter.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * Enrols, checks and removes accounts' authenticator apps (TOTP) and recovery codes, and says
 * which factors an account has. Passkeys are registered and checked by {@code Passkeys}; this
 * class lists them and removes them in an administrator's reset.
 *
 * <p><b>Secrets at rest.</b> A TOTP secret is stored sealed ({@link Sealer}, AES-GCM) with the
 * account id as context, so a sealed secret copied to another account's row does not open.
 * Recovery codes are stored as hashes ({@link RecoveryCodes} says why SHA-256 suffices).
 *
 * <p><b>Each code counts once.</b> A TOTP code is accepted only if its step is later than the last
 * step spent ({@link FactorStore#spendTotpStep}), a recovery code only while unspent; both are one
 * atomic store operation, so of two sign-ins racing with one code, one wins, on any node.
 *
 * <p><b>Guessing.</b> Whoever reaches {@link #verify} knows the password already (or holds a session,
 * for a step-up), so the second factor is all that stands. Wrong codes are counted per account in the
 * shared {@link AttemptCounter}: after {@value #MAX_WRONG_CODES} in {@link #WRONG_CODE_WINDOW}, every
 * code is refused until that window ends, right ones included (else the limit would tell a guesser
 * which guess was right). That allows 960 guesses a day, each right with odds of 3 in a million (three
 * steps are accepted): about 0.3% a day, every guess an audit event the owner can see. A success
 * does not clear the count: the owner signing in must not hand a guesser a fresh allowance.
 */
public final class SecondFactors {

    /** Wrong codes an account may receive in one {@link #WRONG_CODE_WINDOW}. */
    public static final int MAX_WRONG_CODES = 10;
    public static final Duration WRONG_CODE_WINDOW = Duration.ofMinutes(15);

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
        boolean totp = store.findTotp(accountId).map(TotpFactor::isConfirmed).orElse(false);
        return new FactorSummary(totp, store.recoveryCodesLeft(accountId), store.passkeys(accountId));
    }

    /**
     * What follows a right password of an account, from one read of its factors.
     *
     * @param summary   its factors: a sign-in takes a second step when it has a second factor
     * @param mustEnrol whether the policy requires a second factor of it and it has none yet
     */
    public record AtSignIn(FactorSummary summary, boolean mustEnrol) {
    }

    /** What follows a right password of this account (see {@link AtSignIn}). */
    public AtSignIn atSignIn(Account account) {
        FactorSummary summary = summary(account.id());
        return new AtSignIn(summary, policy.requires(account) && !summary.hasSecondFactor());
    }

    /**
     * Starts (or starts again) an authenticator-app enrolment: a new secret, pending until
     * {@link #confirmTotp} sees a code from it. A pending secret is replaced.
     *
     * @throws ConflictException {@code factor_exists} when a confirmed one exists
     */
    public TotpEnrolment startTotp(Account account) {
        byte[] secret = Totp.newSecret();
        if (!store.putTotp(new TotpFactor(account.id(), sealer.seal(secret, context(account.id())), now(), null, -1))) {
            throw new ConflictException(ErrorCode.FACTOR_EXISTS, "the account has an authenticator app; remove it first");
        }
        return new TotpEnrolment(Base32.encode(secret), Totp.uri(issuer, account.username(), secret));
    }

    /**
     * Confirms a pending enrolment with a code from the app; the code is spent.
     *
     * @return the account's new recovery codes when it had none (shown once), else an empty list
     * @throws NotAuthenticatedException {@code invalid_code}
     * @throws InvalidInputException     {@code factor_not_enrolled} without a pending enrolment
     */
    public List<String> confirmTotp(Account account, String code) {
        TotpFactor pending = store.findTotp(account.id()).filter(f -> !f.isConfirmed())
                .orElseThrow(() -> notEnrolled("no authenticator-app enrolment is pending"));
        Instant now = now();
        OptionalLong step = Totp.match(open(pending), code, now);
        if (step.isEmpty()) {
            throw wrongCode();
        }
        if (!store.confirmTotp(account.id(), step.getAsLong(), now)) {
            throw notEnrolled("no authenticator-app enrolment is pending");
        }
        audit.append(AuditEvent.of(now, AuditType.SECOND_FACTOR_ENROLLED, account.id(), account.username(), null, null,
                FactorKind.TOTP.code()));
        return recoveryCodesIfNone(account);
    }

    /**
     * Issues the account's first recovery codes, for a first second factor: new codes when it has
     * no unspent ones (shown once), else an empty list (the ones it has stay valid).
     */
    public List<String> recoveryCodesIfNone(Account account) {
        if (store.recoveryCodesLeft(account.id()) > 0) {
            return List.of();
        }
        List<String> codes = RecoveryCodes.generate();
        store.replaceRecoveryCodes(account.id(), RecoveryCodes.hashes(account.id(), codes), now());
        return codes;
    }

    /**
     * Checks a second-factor code at sign-in or step-up and spends it.
     *
     * @param kind {@link FactorKind#TOTP} or {@link FactorKind#RECOVERY_CODE}
     * @return the method proved
     * @throws NotAuthenticatedException {@code invalid_code}
     * @throws InvalidInputException     {@code factor_not_enrolled} (also for passkeys, which
     *                                   {@code Passkeys} checks)
     * @throws BusyException             {@code too_many_attempts} past the account's limit
     */
    public AuthMethod verify(Account account, FactorKind kind, String code) {
        Instant now = now();
        Window wrong = attempts.current(throttleKey(account.id()), now).orElse(null);
        if (wrong != null && wrong.count() >= MAX_WRONG_CODES) {
            // whole seconds, rounded up: a client that waits as told is not refused again
            Duration wait = Duration.between(now, wrong.endsAt()).plus(Duration.ofMillis(999)).truncatedTo(ChronoUnit.SECONDS);
            throw new BusyException(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong second-factor codes; try again later",
                    wait);
        }
        return switch (kind) {
            case TOTP -> verifyTotp(account, code, now);
            case RECOVERY_CODE -> verifyRecoveryCode(account, code, now);
            case PASSKEY -> throw notEnrolled("a passkey is not checked with a code");
        };
    }

    private AuthMethod verifyTotp(Account account, String code, Instant now) {
        TotpFactor factor = store.findTotp(account.id()).filter(TotpFactor::isConfirmed)
                .orElseThrow(() -> notEnrolled("the account has no authenticator app"));
        OptionalLong step = Totp.match(open(factor), code, now);
        if (step.isEmpty() || !store.spendTotpStep(account.id(), step.getAsLong())) {
            throw failed(account, FactorKind.TOTP, now);
        }
        return AuthMethod.TOTP;
    }

    private AuthMethod verifyRecoveryCode(Account account, String code, Instant now) {
        if (store.recoveryCodesLeft(account.id()) == 0) {
            throw notEnrolled("the account has no unspent recovery codes");
        }
        String hash = RecoveryCodes.hash(account.id(), code);
        if (hash == null || !store.spendRecoveryCode(account.id(), hash, now)) {
            throw failed(account, FactorKind.RECOVERY_CODE, now);
        }
        audit.append(AuditEvent.of(now, AuditType.RECOVERY_CODE_USED, account.id(), account.username(), null, null,
                String.valueOf(store.recoveryCodesLeft(account.id()))));
        return AuthMethod.RECOVERY_CODE;
    }

    /** Removes the account's authenticator app (by the account itself), pending or confirmed. */
    public void removeTotp(Account account) {
        if (!store.deleteTotp(account.id())) {
            throw notEnrolled("the account has no authenticator app");
        }
        audit.append(AuditEvent.of(now(), AuditType.SECOND_FACTOR_REMOVED, account.id(), account.username(), null,
                null, FactorKind.TOTP.code()));
    }

    /**
     * Replaces the account's recovery codes; the new ones are shown once.
     *
     * @throws InvalidInputException {@code factor_not_enrolled} when the account has no second
     *                               factor the codes would stand in for
     */
    public List<String> regenerateRecoveryCodes(Account account) {
        if (!summary(account.id()).hasSecondFactor()) {
            throw notEnrolled("recovery codes stand in for a second factor; enrol one first");
        }
        List<String> codes = RecoveryCodes.generate();
        Instant now = now();
        store.replaceRecoveryCodes(account.id(), RecoveryCodes.hashes(account.id(), codes), now);
        audit.append(AuditEvent.of(now, AuditType.RECOVERY_CODES_REGENERATED, account.id(), account.username(), null,
                null, null));
        return codes;
    }

    /**
     * Removes every second factor of an account, for a user who lost their device; audited, and
     * the account's wrong-code count is cleared.
     *
     * @return how many went (the TOTP secret, the set of recovery codes and each passkey count one)
     */
    public int reset(Account account, Actor by) {
        int removed = store.deleteAll(account.id());
        attempts.reset(throttleKey(account.id()));
        audit.append(AuditEvent.of(now(), AuditType.SECOND_FACTORS_RESET, account.id(), account.username(), null, null,
                String.valueOf(removed)).by(by));
        return removed;
    }

    /** Counts a wrong code and records it in the audit log; the code itself is never logged. */
    private NotAuthenticatedException failed(Account account, FactorKind kind, Instant now) {
        attempts.increment(throttleKey(account.id()), WRONG_CODE_WINDOW, now);
        audit.append(AuditEvent.of(now, AuditType.SECOND_FACTOR_FAILED, account.id(), account.username(), null, null,
                kind.code()));
        return wrongCode();
    }

    private byte[] open(TotpFactor factor) {
        return sealer.open(factor.sealedSecret(), context(factor.accountId()));
    }

    private static String context(String accountId) {
        return "totp:" + accountId;
    }

    private static String throttleKey(String accountId) {
        return "mfa:" + accountId;
    }

    private static NotAuthenticatedException wrongCode() {
        return new NotAuthenticatedException(ErrorCode.INVALID_CODE, "the code is wrong or was used already");
    }

    private static InvalidInputException notEnrolled(String message) {
        return new InvalidInputException(ErrorCode.FACTOR_NOT_ENROLLED, message);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
