package dev.gatehouse.core.key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The JOSE side of a {@link KeyAlgorithm}: generating a key pair, and turning a private JWK into
 * the Nimbus signer for it. Kept apart from {@link SigningKeys} so that the life cycle reads
 * without the per-algorithm detail. Verification is not here: tokens are checked by the one
 * rulebook ({@code gatehouse-token-rules}) from the published keys alone.
 *
 * <p>Only the three fixed combinations are produced: RSA 2048 for RS256, P-256 for ES256 and
 * Ed25519 for EdDSA (Ed25519 goes through Tink, which Nimbus needs for it).
 */
public final class KeyMaterial {

    /** RSA modulus size: 2048 bits is the floor RFC 7518 sets and what every verifier handles fast. */
    static final int RSA_BITS = 2048;

    private KeyMaterial() {
    }

    /** The JWS algorithm name for {@code algorithm}. */
    public static JWSAlgorithm jwsAlgorithm(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case RS256 -> JWSAlgorithm.RS256;
            case ES256 -> JWSAlgorithm.ES256;
            case EdDSA -> JWSAlgorithm.EdDSA;
        };
    }

    /** A new private JWK with {@code kid}, {@code alg} and {@code use: sig} set. */
    static JWK generate(KeyAlgorithm algorithm, String kid) {
        JWSAlgorithm alg = jwsAlgorithm(algorithm);
        try {
            return switch (algorithm) {
                case RS256 -> new RSAKeyGenerator(RSA_BITS).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
                case EdDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(alg)
                        .keyUse(KeyUse.SIGNATURE).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a " + algorithm + " key", e);
        }
    }

    /** The signer for a private JWK made by {@link #generate}. */
    static JWSSigner signer(JWK privateJwk) {
        try {
            return switch (privateJwk) {
                case RSAKey rsa -> new RSASSASigner(rsa);
                case ECKey ec -> new ECDSASigner(ec);
                case OctetKeyPair okp -> new Ed25519Signer(okp);
                default -> throw new IllegalArgumentException("unsupported key type " + privateJwk.getKeyType());
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("could not load the private key " + privateJwk.getKeyID(), e);
        }
    }
}
