package dev.gatehouse.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Key pairs of the three algorithms, and tokens signed with them, any header or claims we like. */
final class TestKeys {

    static final String ISSUER = "https://gatehouse.test";
    static final String AUDIENCE = "api";

    final JWK rsa;
    final JWK ec;
    final JWK ed;

    TestKeys() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
            ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").algorithm(JWSAlgorithm.EdDSA)
                    .keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String jwks() {
        return new JWKSet(List.of(rsa, ec, ed)).toString(true);
    }

    static String claims(Instant iat, long lifetimeSeconds) {
        return claims(iat, lifetimeSeconds, "sid-1", "jti-" + System.nanoTime());
    }

    static String claims(Instant iat, long lifetimeSeconds, String sid, String jti) {
        long i = iat.getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":\"acct-1\",\"aud\":\"" + AUDIENCE + "\",\"exp\":" + (i + lifetimeSeconds)
                + ",\"iat\":" + i + ",\"jti\":\"" + jti + "\",\"client_id\":\"web\",\"sid\":\"" + sid
                + "\",\"scope\":\"read write\"}";
    }

    static String header(JWK key) {
        return "{\"alg\":\"" + key.getAlgorithm().getName() + "\",\"typ\":\"at+jwt\",\"kid\":\"" + key.getKeyID() + "\"}";
    }

    /** Signs exactly these header and payload bytes with the key's private part. */
    static String sign(JWK key, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + signature(key, input);
    }

    static String signature(JWK key, String signingInput) {
        try {
            JWSSigner signer = switch (key) {
                case RSAKey r -> new RSASSASigner(r);
                case ECKey e -> new ECDSASigner(e);
                case OctetKeyPair o -> new Ed25519Signer(o);
                default -> throw new IllegalArgumentException();
            };
            JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
            Base64URL sig = signer.sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII));
            return sig.toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
