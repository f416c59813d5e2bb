package dev.gatehouse.token.rules;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * One usable public key: its {@code kid}, the one algorithm it declares, and the JDK key.
 * RS256 and ES256 signatures are checked with the JDK's {@link Signature}; Ed25519 with Tink's
 * {@link Ed25519Verify}, which is several times faster than the JDK's (docs/benchmarks.md) and
 * refuses a non-canonical {@code S} (RFC 8032 §5.1.7) just the same.
 *
 * <p>ES256 signatures are checked for shape before any curve arithmetic: exactly 64 bytes (r and
 * s, 32 bytes each, RFC 7518 §3.4) with {@code 0 < r, s < n}. That refuses the "psychic
 * signature" (r = s = 0, CVE-2022-21449) and DER or padded forms whatever the provider does.
 *
 * @param kid       the key id a token header names
 * @param algorithm the only algorithm this key verifies
 * @param publicKey the JDK key: RSA, EC on P-256, or Ed25519
 */
public record VerificationKey(String kid, JwsAlgorithm algorithm, PublicKey publicKey) {

    static final int ES256_SIGNATURE_BYTES = 64;

    /** Refuses a key whose type does not fit its algorithm, so no check can mix them up later. */
    public VerificationKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        boolean fits = switch (algorithm) {
            case RS256 -> publicKey instanceof java.security.interfaces.RSAPublicKey;
            case ES256 -> publicKey instanceof ECPublicKey;
            case EdDSA -> publicKey instanceof java.security.interfaces.EdECPublicKey;
        };
        if (!fits) {
            throw new IllegalArgumentException("a " + publicKey.getAlgorithm() + " key cannot verify " + algorithm);
        }
    }

    /** Verifies {@code signature} over {@code signingInput}; false for any failure. */
    boolean verify(byte[] signingInput, byte[] signature) {
        try {
            if (algorithm == JwsAlgorithm.EdDSA) {
                byte[] spki = publicKey.getEncoded();
                new Ed25519Verify(Arrays.copyOfRange(spki, spki.length - 32, spki.length)).verify(signature, signingInput);
                return true;
            }
            Signature s = Signature.getInstance(algorithm.jdkName);
            s.initVerify(publicKey);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Exactly 64 bytes, and both halves in [1, n-1]. */
    static boolean wellFormedEs256(byte[] signature, ECPublicKey key) {
        if (signature.length != ES256_SIGNATURE_BYTES) {
            return false;
        }
        BigInteger n = key.getParams().getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
    }

    static String es256Problem(byte[] signature, ECPublicKey key) {
        if (signature.length != ES256_SIGNATURE_BYTES) {
            return "ES256 signature is " + signature.length + " bytes, not " + ES256_SIGNATURE_BYTES;
        }
        return "ES256 signature has r or s equal to zero or not below the group order";
    }
}
