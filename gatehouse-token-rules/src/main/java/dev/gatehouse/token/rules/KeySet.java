package dev.gatehouse.token.rules;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed JWKS (RFC 7517): the keys this verifier can use, by {@code kid}, and for every key it
 * cannot use, why not.
 *
 * <p>The whole set is refused when it is ambiguous or alarming: duplicate {@code kid}s, or any
 * private or symmetric key material (a server that publishes {@code d} or {@code k} has a bug a
 * verifier must not paper over). A single key is only set aside, with its reason, when it is of
 * a kind this verifier does not use (no {@code alg}, an algorithm other than RS256, ES256 or
 * EdDSA, {@code use} other than {@code sig}, {@code key_ops} without {@code verify}) or is weak
 * or broken (RSA under 2048 or over 4096 bits, exponent not odd or below 3, a ROCA modulus, an
 * EC point not on P-256, a wrong coordinate length). So a server may add keys of a new kind
 * without breaking older verifiers.
 *
 * <p>Keys are built with the JDK alone ({@link KeyFactory}); the P-256 point is checked to be on
 * the curve here, before any signature, because the JDK's key factory does not check it
 * (invalid-curve attacks).
 */
public final class KeySet {

    /** Thrown when the document as a whole is not an acceptable key set. */
    public static final class KeySetException extends Exception {
        private static final long serialVersionUID = 1L;

        KeySetException(String message) {
            super(message, null, false, false);
        }
    }

    /** Plain names only: no slashes, no "..", no spaces or quotes, so a kid is never a path or a query. */
    public static final Pattern KID = Pattern.compile("(?=.{1,128}$)[A-Za-z0-9_@:=+-]+(\\.[A-Za-z0-9_@:=+-]+)*");
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 4096;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final ECParameterSpec P256 = p256();

    /** No keys at all: what a verifier holds before its first successful fetch. */
    public static final KeySet EMPTY = new KeySet(Map.of(), Map.of());

    private final Map<String, VerificationKey> keys;
    private final Map<String, String> unusable;

    private KeySet(Map<String, VerificationKey> keys, Map<String, String> unusable) {
        this.keys = Map.copyOf(keys);
        this.unusable = Map.copyOf(unusable);
    }

    /** The usable key with this kid. */
    public Optional<VerificationKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Why the set holds a key with this kid that cannot be used, if it does. */
    public Optional<String> unusableReason(String kid) {
        return Optional.ofNullable(unusable.get(kid));
    }

    /** The kids of the usable keys. */
    public Set<String> kids() {
        return keys.keySet();
    }

    /**
     * Parses a JWKS document.
     *
     * @throws KeySetException when the document as a whole is refused; single unusable keys are
     *         set aside with their reason instead
     */
    public static KeySet parse(String document) throws KeySetException {
        Map<String, Object> root;
        try {
            root = Json.parseObject(document);
        } catch (Json.JsonException e) {
            throw new KeySetException("key set is not strict JSON: " + e.getMessage());
        }
        if (!(root.get("keys") instanceof List<?> list)) {
            throw new KeySetException("key set has no \"keys\" array");
        }
        Map<String, VerificationKey> keys = new HashMap<>();
        Map<String, String> unusable = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> raw)) {
                throw new KeySetException("key " + index + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) raw;
            for (String member : PRIVATE_MEMBERS) {
                if (jwk.containsKey(member)) {
                    throw new KeySetException("key " + index + " holds private or symmetric key material (\""
                            + member + "\"): refusing the whole set");
                }
            }
            String kid = jwk.get("kid") instanceof String s ? s : null;
            if (kid == null || !KID.matcher(kid).matches()) {
                index++;
                continue; // a key that no token can name cannot be used, nor confused with another
            }
            if (!seen.add(kid)) {
                throw new KeySetException("key set has two keys with kid " + Messages.shown(kid) + ": ambiguous");
            }
            try {
                keys.put(kid, key(kid, jwk));
            } catch (KeySetException e) {
                unusable.put(kid, e.getMessage());
            }
            index++;
        }
        return new KeySet(keys, unusable);
    }

    private static VerificationKey key(String kid, Map<String, Object> jwk) throws KeySetException {
        String kty = text(jwk, "kty");
        String alg = text(jwk, "alg");
        if (alg == null) {
            throw new KeySetException("key declares no alg, and this verifier accepts only keys that fix their algorithm");
        }
        JwsAlgorithm algorithm = JwsAlgorithm.named(alg).orElseThrow(() -> new KeySetException(
                "key declares alg " + Messages.shown(alg) + "; only RS256, ES256 and EdDSA are accepted"));
        if (!algorithm.keyType.equals(kty)) {
            throw new KeySetException("key declares alg " + alg + " but kty " + Messages.shown(kty));
        }
        Object use = jwk.get("use");
        if (use != null && !"sig".equals(use)) {
            throw new KeySetException("key is for use " + (use instanceof String u ? Messages.shown(u) : "?")
                    + ", not sig");
        }
        Object ops = jwk.get("key_ops");
        if (ops != null && !(ops instanceof List<?> l && l.contains("verify"))) {
            throw new KeySetException("key_ops does not include verify");
        }
        try {
            return switch (algorithm) {
                case RS256 -> rsa(kid, jwk);
                case ES256 -> ec(kid, jwk);
                case EdDSA -> ed25519(kid, jwk);
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeySetException("key parameters are invalid: " + e.getClass().getSimpleName());
        }
    }

    private static VerificationKey rsa(String kid, Map<String, Object> jwk)
            throws KeySetException, GeneralSecurityException {
        BigInteger n = new BigInteger(1, coordinate(jwk, "n"));
        BigInteger e = new BigInteger(1, coordinate(jwk, "e"));
        if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            throw new KeySetException("RSA key is " + n.bitLength() + " bits; accepted: " + MIN_RSA_BITS + " to "
                    + MAX_RSA_BITS);
        }
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new KeySetException("RSA public exponent " + e + " is not odd and at least 3");
        }
        if (RocaFingerprint.isVulnerable(n)) {
            throw new KeySetException("RSA modulus has the ROCA fingerprint (CVE-2017-15361): the key is breakable");
        }
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        return new VerificationKey(kid, JwsAlgorithm.RS256, key);
    }

    private static VerificationKey ec(String kid, Map<String, Object> jwk)
            throws KeySetException, GeneralSecurityException {
        if (!"P-256".equals(jwk.get("crv"))) {
            throw new KeySetException("ES256 key is not on curve P-256");
        }
        byte[] x = coordinate(jwk, "x");
        byte[] y = coordinate(jwk, "y");
        if (x.length != 32 || y.length != 32) {
            throw new KeySetException("P-256 coordinates must be 32 bytes each");
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!onP256(point)) {
            throw new KeySetException("the point is not on curve P-256");
        }
        ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        return new VerificationKey(kid, JwsAlgorithm.ES256, key);
    }

    /** Both coordinates below p and y^2 = x^3 + ax + b (mod p). */
    private static boolean onP256(ECPoint point) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    private static VerificationKey ed25519(String kid, Map<String, Object> jwk)
            throws KeySetException, GeneralSecurityException {
        if (!"Ed25519".equals(jwk.get("crv"))) {
            throw new KeySetException("EdDSA key is not on curve Ed25519");
        }
        byte[] raw = coordinate(jwk, "x");
        if (raw.length != 32) {
            throw new KeySetException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        return new VerificationKey(kid, JwsAlgorithm.EdDSA, key);
    }

    private static byte[] coordinate(Map<String, Object> jwk, String name) throws KeySetException {
        String value = text(jwk, name);
        if (value == null || value.isEmpty() || !Base64Url.isCanonical(value, 0, value.length())) {
            throw new KeySetException("key member \"" + name + "\" is missing or not base64url");
        }
        return Base64Url.decode(value);
    }

    private static String text(Map<String, Object> jwk, String name) {
        return jwk.get(name) instanceof String s ? s : null;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
