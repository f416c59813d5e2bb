package dev.gatehouse.token.rules;

import java.util.Optional;

/** The three signature algorithms Gatehouse signs with, and so the only ones accepted. */
public enum JwsAlgorithm {
    RS256("SHA256withRSA", "RSA"),
    /** The JDK's P1363 form is the JWS form (r and s, 32 bytes each): no DER transcoding. */
    ES256("SHA256withECDSAinP1363Format", "EC"),
    /** Verified with Tink, not the JDK: see {@link VerificationKey}. */
    EdDSA("Ed25519", "OKP");

    final String jdkName;
    /** The JWK {@code kty} a key for this algorithm has. */
    final String keyType;

    JwsAlgorithm(String jdkName, String keyType) {
        this.jdkName = jdkName;
        this.keyType = keyType;
    }

    /** The algorithm with exactly this JWA name (names are case-sensitive, RFC 7515 §4.1.1). */
    public static Optional<JwsAlgorithm> named(String name) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
