package dev.gatehouse.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * One usable public key from the issuer's key set: its {@code kid}, the one algorithm it
 * declares, and the Nimbus verifier built for it once.
 *
 * <p>ES256 signatures are checked for shape before any curve arithmetic: exactly 64 bytes (r and
 * s, 32 bytes each, RFC 7518 §3.4) with {@code 0 < r, s < n}. That refuses the "psychic
 * signature" (r = s = 0, CVE-2022-21449) and DER or padded forms whatever the provider does.
 *
 * @param publicKey the JDK key, kept for benchmarks that compare with a raw JDK check
 */
record VerificationKey(String kid, JwsAlgorithm algorithm, JWSVerifier verifier, PublicKey publicKey) {

    static final int ES256_SIGNATURE_BYTES = 64;

    /** Verifies {@code signature} over {@code signingInput}; false for any failure. */
    boolean verify(byte[] signingInput, byte[] signature, String encodedSignature) {
        try {
            return verifier.verify(algorithm.bareHeader, signingInput, new Base64URL(encodedSignature));
        } catch (JOSEException | RuntimeException e) {
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
