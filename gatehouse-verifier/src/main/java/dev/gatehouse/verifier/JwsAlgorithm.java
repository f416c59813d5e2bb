package dev.gatehouse.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import java.util.Optional;

/** The three signature algorithms Gatehouse signs with, and so the only ones accepted. */
enum JwsAlgorithm {
    RS256(JWSAlgorithm.RS256, "RSA"),
    ES256(JWSAlgorithm.ES256, "EC"),
    EdDSA(JWSAlgorithm.EdDSA, "OKP");

    final JWSAlgorithm nimbus;
    final String keyType;
    /** A header holding only the algorithm: the real header was vetted before Nimbus sees this one. */
    final JWSHeader bareHeader;

    JwsAlgorithm(JWSAlgorithm nimbus, String keyType) {
        this.nimbus = nimbus;
        this.keyType = keyType;
        this.bareHeader = new JWSHeader(nimbus);
    }

    /** The algorithm with exactly this JWA name (names are case-sensitive, RFC 7515 §4.1.1). */
    static Optional<JwsAlgorithm> named(String name) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
