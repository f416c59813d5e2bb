package dev.gatehouse.token.rules;

import dev.gatehouse.verifier.UnknownKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * What the fuzz tests of the rulebook share: one Ed25519 key published as {@code k1}, a fixed
 * clock and the rules of a resource server for audience {@code api}. The seed tokens in the
 * corpus are signed with no key of theirs, so they reach the signature step and stop there;
 * {@link SignedTokenFuzzTest} signs what the fuzzer writes to reach the claims.
 */
final class Fuzzing {

    static final String ISSUER = "https://gatehouse.test";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final KeyPair KEY;

    static {
        try {
            KEY = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Fuzzing() {
    }

    /** Rules without a cache, so every input goes through every check. */
    static AccessTokenRules<CheckedToken> rules() {
        KeyResolver keys = new KeyResolver() {
            @Override
            public VerificationKey resolve(String kid) {
                if (!"k1".equals(kid)) {
                    throw new UnknownKeyException("no key " + kid);
                }
                return new VerificationKey(kid, JwsAlgorithm.EdDSA, KEY.getPublic());
            }

            @Override
            public boolean isPublished(String kid) {
                return "k1".equals(kid);
            }
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new AccessTokenRules<>(keys, ClaimsCheck.forAudience(ISSUER, "api", Duration.ofSeconds(60), clock),
                0, clock, t -> t);
    }

    /** {@code header} and {@code payload} as they are, base64url-encoded and signed with {@link #KEY}. */
    static String signed(byte[] header, byte[] payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header) + "." + b64.encodeToString(payload);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(KEY.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
