package dev.gatehouse.core.key;

import com.nimbusds.jose.JWSSigner;

/**
 * The key that signs right now, with its loaded signer.
 *
 * @param key       the stored key (its {@code kid} and {@code algorithm} go into the JWS header)
 * @param jwsSigner signs with its private key; thread-safe, shared by every caller
 */
public record KeySigner(SigningKey key, JWSSigner jwsSigner) {

    /** The key id to put in the {@code kid} header. */
    public String kid() {
        return key.kid();
    }

    /** The algorithm to put in the {@code alg} header. */
    public KeyAlgorithm algorithm() {
        return key.algorithm();
    }
}
