package dev.gatehouse.core.mfa;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's authenticator-app secret (RFC 6238), as stored: the secret sealed, never plain.
 *
 * @param accountId    whose it is
 * @param sealedSecret the shared secret, sealed with the server's key for TOTP secrets
 * @param createdAt    when enrolment started
 * @param confirmedAt  when a first code confirmed it, or null while it is pending (a pending
 *                     secret is never accepted for sign-in)
 * @param lastStep     the last time step whose code was accepted (each code counts once), or -1
 */
public record TotpFactor(String accountId, byte[] sealedSecret, Instant createdAt, Instant confirmedAt, long lastStep) {

    public TotpFactor {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdAt, "createdAt");
        sealedSecret = sealedSecret.clone();
    }

    @Override
    public byte[] sealedSecret() {
        return sealedSecret.clone();
    }

    public boolean isConfirmed() {
        return confirmedAt != null;
    }

    /** Never prints the secret, even sealed. */
    @Override
    public String toString() {
        return "TotpFactor[accountId=" + accountId + ", confirmed=" + isConfirmed() + "]";
    }
}
