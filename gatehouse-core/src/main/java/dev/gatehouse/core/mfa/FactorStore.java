package dev.gatehouse.core.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage port for accounts' second factors: an authenticator-app secret, one-time recovery
 * codes and passkeys. Every method is one atomic operation; the ones that spend something (a
 * TOTP step, a recovery code) succeed for exactly one of many concurrent callers, on any node.
 */
public interface FactorStore {

    /**
     * Stores a pending TOTP secret for an account (an enrolment starts), replacing a pending one
     * but never a confirmed one: an enrolment racing the confirmation of another cannot
     * overwrite the secret that was just confirmed.
     *
     * @return false when the account has a confirmed secret (nothing is stored)
     */
    boolean putTotp(TotpFactor factor);

    Optional<TotpFactor> findTotp(String accountId);

    /**
     * Confirms a pending secret with the step of its first code, which is then spent.
     *
     * @return false when the account has no pending secret (none, or already confirmed)
     */
    boolean confirmTotp(String accountId, long step, Instant at);

    /**
     * Spends a time step of a confirmed secret: succeeds only if {@code step} is later than the
     * last step spent, so each code, and every code before it, counts once.
     *
     * @return false when there is no confirmed secret or the step is not later
     */
    boolean spendTotpStep(String accountId, long step);

    /** @return whether there was a secret to delete */
    boolean deleteTotp(String accountId);

    /** Replaces the account's recovery codes (SHA-256 hex of each) with a fresh set. */
    void replaceRecoveryCodes(String accountId, List<String> codeHashes, Instant at);

    /**
     * Spends one recovery code.
     *
     * @return false when the account has no unspent code with this hash
     */
    boolean spendRecoveryCode(String accountId, String codeHash, Instant at);

    /** How many unspent recovery codes the account has. */
    int recoveryCodesLeft(String accountId);

    /**
     * Registers a passkey.
     *
     * @throws dev.gatehouse.core.error.ConflictException {@code passkey_exists} when a passkey
     *         with this credential id is registered (to any account)
     */
    void addPasskey(Passkey passkey);

    Optional<Passkey> findPasskey(String credentialId);

    /** The account's passkeys, oldest first. */
    List<Passkey> passkeys(String accountId);

    /**
     * Records a sign-in with a passkey: its new counter, backup state and time.
     *
     * @return false when it no longer exists
     */
    boolean recordPasskeyUse(String credentialId, long signCount, boolean backedUp, boolean uvInitialized, Instant at);

    /** @return false when the account has no passkey with this id */
    boolean renamePasskey(String accountId, String credentialId, String name);

    /** @return false when the account has no passkey with this id */
    boolean deletePasskey(String accountId, String credentialId);

    /**
     * Removes every second factor of an account (an administrator's reset).
     *
     * @return how many went, counting the TOTP secret, the set of recovery codes and each passkey as one
     */
    int deleteAll(String accountId);
}
