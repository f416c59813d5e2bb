package dev.gatehouse.core.key;

import java.time.Instant;
import java.util.Objects;

/**
 * One signing key and its life: published from {@code createdAt}, signing from
 * {@code activatesAt} (at least one JWKS cache lifetime later, so every verifier knows it before
 * it sees a token signed by it), no longer signing from {@code retiredAt}, and dropped from the
 * JWKS at {@code expiresAt}, once every token it signed has expired.
 *
 * @param kid               key id, random
 * @param algorithm         the one algorithm this key is used with
 * @param publicJwk         the public JWK as JSON ({@code kty}, {@code kid}, {@code alg}, {@code use})
 * @param sealedPrivateKey  the private JWK, encrypted with AES-256-GCM under a key derived from
 *                          the master key (see {@code Sealer}); never stored in clear
 * @param createdAt         when it was made and published
 * @param activatesAt       when it starts signing
 * @param retiredAt         when it stopped signing, or null
 * @param expiresAt         when it leaves the JWKS, or null while it may still sign
 */
public record SigningKey(String kid, KeyAlgorithm algorithm, String publicJwk, byte[] sealedPrivateKey,
                         Instant createdAt, Instant activatesAt, Instant retiredAt, Instant expiresAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatesAt, "activatesAt");
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm + ", activatesAt=" + activatesAt
                + ", retiredAt=" + retiredAt + ", expiresAt=" + expiresAt + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && kid.equals(k.kid) && algorithm == k.algorithm
                && publicJwk.equals(k.publicJwk) && java.util.Arrays.equals(sealedPrivateKey, k.sealedPrivateKey)
                && createdAt.equals(k.createdAt) && activatesAt.equals(k.activatesAt)
                && Objects.equals(retiredAt, k.retiredAt) && Objects.equals(expiresAt, k.expiresAt);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }
}
