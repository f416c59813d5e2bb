package dev.gatehouse.server.signin;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.mfa.FactorKind;
import dev.gatehouse.core.mfa.PasskeyCeremony;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.signin.SignInChallenges.Challenge;
import dev.gatehouse.server.signin.SignInChallenges.Completion;
import dev.gatehouse.server.signin.SignInChallenges.Issued;
import dev.gatehouse.server.signin.SignInChallenges.Stage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What follows a right password, for the JSON sign-in and the sign-in page alike: a session at
 * once (no second factor), a challenge (a second factor), or an enrolment (the policy requires a
 * factor the account lacks); then the answers to a challenge, each of which either proves the
 * account's second factor or counts as a wrong code against the challenge.
 *
 * <p>The account is read again when a challenge is answered: one locked meanwhile, or whose
 * factors were reset, does not complete a sign-in that began before.
 */
public final class SecondStep {

    /** What a right password leads to. */
    public sealed interface AfterPassword {
        /** No second step: the session is proved by the password alone. */
        record Done(Authentications proof) implements AfterPassword {
        }

        /** A second factor is needed: the challenge, and the factors that can answer it. */
        record Challenged(Issued challenge, Set<FactorKind> factors) implements AfterPassword {
        }

        /** The account must first enrol an authenticator app: the challenge carries the enrolment. */
        record Enrolling(Issued challenge) implements AfterPassword {
        }
    }

    /** The result of an answer to a challenge. */
    public sealed interface Answer {
        /** Proved: the challenge is spent; start the session with {@code proof}, then do {@code then}. */
        record Proved(Account account, Authentications proof, Completion then) implements Answer {
        }

        /** The code was wrong; the challenge takes {@code triesLeft} more (none: it is dead). */
        record Wrong(int triesLeft) implements Answer {
        }
    }

    private final SignInChallenges challenges;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final Accounts accounts;
    private final Clock clock;

    public SecondStep(SignInChallenges challenges, SecondFactors factors, Passkeys passkeys, Accounts accounts,
                      Clock clock) {
        this.challenges = challenges;
        this.factors = factors;
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.clock = clock;
    }

    public SignInChallenges challenges() {
        return challenges;
    }

    /**
     * Decides what follows the right password of {@code account}.
     *
     * @param canEnrol whether the caller can show an enrolment (the sign-in page can; the JSON
     *                 sign-in cannot, and refuses with {@code mfa_enrollment_required})
     * @throws NotPermittedException {@code mfa_enrollment_required}
     */
    public AfterPassword afterPassword(Account account, Completion then, boolean canEnrol) {
        Instant passwordAt = clock.instant();
        SecondFactors.AtSignIn next = factors.atSignIn(account);
        if (next.mustEnrol()) {
            if (!canEnrol) {
                throw new NotPermittedException(ErrorCode.MFA_ENROLLMENT_REQUIRED,
                        "this account must set up a second factor first: sign in on the sign-in page to do so");
            }
            return new AfterPassword.Enrolling(challenges.enrol(account.id(), passwordAt, then, factors.startTotp(account)));
        }
        if (next.summary().hasSecondFactor()) {
            return new AfterPassword.Challenged(challenges.secondFactor(account.id(), passwordAt, then),
                    next.summary().usable());
        }
        return new AfterPassword.Done(Authentications.of(AuthMethod.PASSWORD, passwordAt));
    }

    /** The factors that can answer a challenge's account now, for a page to offer. */
    public Set<FactorKind> usable(Challenge c) {
        return factors.summary(c.accountId()).usable();
    }

    /**
     * Answers a {@link Stage#SECOND_FACTOR} challenge, opened by the caller, with a code.
     *
     * @param kind {@link FactorKind#TOTP} or {@link FactorKind#RECOVERY_CODE}
     * @throws NotAuthenticatedException {@code invalid_challenge}
     * @throws InvalidInputException     {@code factor_not_enrolled}
     */
    public Answer answer(Challenge c, FactorKind kind, String code) {
        if (c.stage() != Stage.SECOND_FACTOR) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "this challenge is for enrolment, not for a code");
        }
        Account account = account(c);
        AuthMethod method;
        try {
            method = switch (kind) {
                case TOTP, RECOVERY_CODE -> factors.verify(account, kind, code);
                case PASSKEY -> throw new InvalidInputException(ErrorCode.INVALID_FIELD,
                        "a passkey answers with its signature (state and credential), not with a code");
            };
        } catch (NotAuthenticatedException e) {
            if (e.errorCode() != ErrorCode.INVALID_CODE) {
                throw e;
            }
            return new Answer.Wrong(challenges.wrongCode(c));
        }
        return complete(c, account, method);
    }

    /**
     * The WebAuthn options that ask for one of the challenge's account's passkeys, for the second
     * step of its sign-in.
     *
     * @throws InvalidInputException {@code factor_not_enrolled} when the account has no passkey
     */
    public PasskeyCeremony passkeyOptions(Challenge c) {
        requireSecondFactorStage(c);
        return passkeys.authenticationOptions(account(c));
    }

    /**
     * Answers a {@link Stage#SECOND_FACTOR} challenge with a passkey's signature over options from
     * {@link #passkeyOptions}. A refused passkey is not a guess (it cannot be typed), so it is
     * not counted against the challenge; the refusal is audited by {@code Passkeys}.
     *
     * @throws NotAuthenticatedException {@code invalid_challenge} (either challenge) or {@code passkey_refused}
     * @throws InvalidInputException     {@code invalid_passkey_response}
     */
    public Answer.Proved answerWithPasskey(Challenge c, String state, String credentialJson, String ip) {
        requireSecondFactorStage(c);
        Account account = account(c);
        return complete(c, account, passkeys.verifyForAccount(account, state, credentialJson, ip));
    }

    private static void requireSecondFactorStage(Challenge c) {
        if (c.stage() != Stage.SECOND_FACTOR) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "this challenge is for enrolment, not for a factor");
        }
    }

    /**
     * Completes a challenge whose account has just proved {@code method} (a code above, or a
     * passkey): spends it and says how the session is proved.
     */
    public Answer.Proved complete(Challenge c, AuthMethod method) {
        return complete(c, account(c), method);
    }

    /**
     * Confirms the authenticator app an {@link Stage#ENROL} challenge carries with its first code.
     *
     * @return the recovery codes to show once, and the challenge that completes the sign-in once
     *         they were seen; or null codes when the code was wrong (counted against the challenge)
     */
    public Enrolled confirmEnrolment(Challenge c, String code) {
        if (c.stage() != Stage.ENROL) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "this challenge is not an enrolment");
        }
        Account account = account(c);
        List<String> codes;
        try {
            codes = factors.confirmTotp(account, code);
        } catch (NotAuthenticatedException e) {
            if (e.errorCode() != ErrorCode.INVALID_CODE) {
                throw e;
            }
            return new Enrolled(null, null, challenges.wrongCode(c));
        }
        return new Enrolled(codes, challenges.enrolled(c, clock.instant()), SignInChallenges.MAX_WRONG_CODES);
    }

    /**
     * An enrolment's outcome.
     *
     * @param recoveryCodes the codes to show once (empty when the account had some), or null after a wrong code
     * @param next          the challenge that completes the sign-in, or null after a wrong code
     * @param triesLeft     wrong codes the enrolment still takes
     */
    public record Enrolled(List<String> recoveryCodes, Issued next, int triesLeft) {
    }

    /** Completes an {@link Stage#ENROLLED} challenge: password and the app's first code. */
    public Answer.Proved finishEnrolment(String challenge) {
        Challenge c = challenges.open(challenge);
        if (c.stage() != Stage.ENROLLED || c.totpAt() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, "this challenge has no enrolment to finish");
        }
        Account account = account(c);
        challenges.spend(c);
        return new Answer.Proved(account, Authentications.of(AuthMethod.PASSWORD, c.passwordAt())
                .plus(AuthMethod.TOTP, c.totpAt()), c.then());
    }

    private Answer.Proved complete(Challenge c, Account account, AuthMethod method) {
        challenges.spend(c);
        return new Answer.Proved(account, Authentications.of(AuthMethod.PASSWORD, c.passwordAt())
                .plus(method, clock.instant()), c.then());
    }

    /** The challenge's account, if it may still sign in. */
    private Account account(Challenge c) {
        return accounts.findById(c.accountId()).filter(a -> !a.locked())
                .orElseThrow(() -> new NotAuthenticatedException(ErrorCode.INVALID_CHALLENGE,
                        "the sign-in challenge's account can no longer sign in; sign in again"));
    }
}
