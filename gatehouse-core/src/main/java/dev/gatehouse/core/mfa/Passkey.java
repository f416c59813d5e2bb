package dev.gatehouse.core.mfa;

import java.time.Instant;
import java.util.Objects;

/**
 * A WebAuthn credential (passkey) registered to an account.
 *
 * @param credentialId   the credential id, base64url without padding
 * @param accountId      whose it is
 * @param name           what its owner called it ("Work laptop")
 * @param credentialData the attested credential data of the registration (AAGUID, id, COSE
 *                       public key), as the WebAuthn library serialises it
 * @param signCount      the last signature counter the authenticator reported
 * @param uvInitialized  whether user verification was performed with it at least once
 * @param backupEligible whether it may be synced to other devices (the BE flag; never changes)
 * @param backedUp       whether it was synced when last used (the BS flag)
 * @param transports     the transports the browser reported, comma-separated, or empty
 * @param createdAt      when it was registered
 * @param lastUsedAt     when it last signed in, or null
 */
public record Passkey(String credentialId, String accountId, String name, byte[] credentialData, long signCount,
                      boolean uvInitialized, boolean backupEligible, boolean backedUp, String transports,
                      Instant createdAt, Instant lastUsedAt) {

    public Passkey {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        credentialData = credentialData.clone();
        transports = transports == null ? "" : transports;
    }

    @Override
    public byte[] credentialData() {
        return credentialData.clone();
    }

    @Override
    public String toString() {
        return "Passkey[credentialId=" + credentialId + ", accountId=" + accountId + ", name=" + name + "]";
    }
}
