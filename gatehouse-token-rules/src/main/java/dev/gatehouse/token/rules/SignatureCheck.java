package dev.gatehouse.token.rules;

import dev.gatehouse.verifier.AlgorithmMismatchException;
import dev.gatehouse.verifier.InvalidSignatureException;
import dev.gatehouse.verifier.MalformedTokenException;
import dev.gatehouse.verifier.UnacceptableHeaderException;
import dev.gatehouse.verifier.WrongTokenTypeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The JWS half of verification, cheapest and least trusting check first: size, shape and
 * base64url (before anything is decoded), the header (RFC 8725), the key the header names, the
 * algorithm that key declares, and only then the signature. Claims are {@link ClaimsCheck}'s.
 *
 * <p>One code path for tokens and for the external test vectors, which reach it through
 * {@link #verify(String, Function, boolean)} with the {@code typ} rule switched off (vector
 * payloads are not access tokens).
 */
final class SignatureCheck {

    /** A JWS whose signature verified: its header, its payload bytes and the key that verified it. */
    record VerifiedJws(Map<String, Object> header, byte[] payload, VerificationKey key) {
    }

    /** 8 KiB: far above any Gatehouse token, far below anything that costs real work to parse. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    private static final List<String> KEY_CARRYING_HEADERS = List.of("jwk", "jku", "x5u", "x5c");
    private static final List<String> ACCESS_TOKEN_TYPES = List.of("at+jwt", "application/at+jwt");

    private SignatureCheck() {
    }

    /**
     * @param keys finds the key a header names, or throws ({@link KeyResolver#resolve})
     */
    static VerifiedJws verify(String token, Function<String, VerificationKey> keys, boolean requireAccessTokenType) {
        checkSize(token);
        if (token.charAt(0) == '{') {
            throw new MalformedTokenException("JWS JSON serialization; only the compact form is accepted");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        int dots = (int) token.chars().filter(c -> c == '.').count();
        if (dots != 2) {
            throw new MalformedTokenException(dots == 4 ? "a JWE (5 parts), not a signed JWS"
                    : "not a compact JWS: " + (dots + 1) + " dot-separated parts instead of 3");
        }
        if (first == 0) {
            throw new MalformedTokenException("header is empty");
        }
        if (second == token.length() - 1) {
            throw new MalformedTokenException("signature is missing");
        }
        if (!Base64Url.isCanonical(token, 0, first) || !Base64Url.isCanonical(token, first + 1, second)
                || !Base64Url.isCanonical(token, second + 1, token.length())) {
            throw new MalformedTokenException("a part is not canonical unpadded base64url"
                    + " (padding, whitespace or other characters)");
        }
        Map<String, Object> header = json(Base64Url.decode(token, 0, first), "header");
        JwsAlgorithm algorithm = checkHeader(header, requireAccessTokenType);
        String kid = (String) header.get("kid");
        VerificationKey key = keys.apply(kid);
        if (key.algorithm() != algorithm) {
            throw new AlgorithmMismatchException("header says alg " + algorithm + " but key " + kid + " is for "
                    + key.algorithm() + " only");
        }
        checkSignature(key, token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                Base64Url.decode(token, second + 1, token.length()));
        return new VerifiedJws(header, Base64Url.decode(token, first + 1, second), key);
    }

    /** The signature step alone; also what the raw ECDSA test vectors go through. */
    static void checkSignature(VerificationKey key, byte[] signingInput, byte[] signature) {
        if (key.algorithm() == JwsAlgorithm.ES256
                && !VerificationKey.wellFormedEs256(signature, (ECPublicKey) key.publicKey())) {
            throw new InvalidSignatureException(VerificationKey.es256Problem(signature, (ECPublicKey) key.publicKey()));
        }
        if (!key.verify(signingInput, signature)) {
            throw new InvalidSignatureException("signature does not verify with key " + key.kid() + " ("
                    + key.algorithm() + ")");
        }
    }

    static void checkSize(String token) {
        if (token == null || token.isEmpty()) {
            throw new MalformedTokenException("no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new MalformedTokenException("token is " + token.length() + " characters, more than the "
                    + MAX_TOKEN_CHARS + " allowed");
        }
    }

    /** Strict UTF-8, then strict JSON (duplicate member names refused). */
    static Map<String, Object> json(byte[] bytes, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedTokenException(what + " is not UTF-8");
        }
        try {
            return Json.parseObject(text);
        } catch (Json.JsonException e) {
            throw new MalformedTokenException(what + " is not strict JSON: " + e.getMessage());
        }
    }

    private static JwsAlgorithm checkHeader(Map<String, Object> header, boolean requireAccessTokenType) {
        if (!(header.get("alg") instanceof String alg)) {
            throw new UnacceptableHeaderException("header has no alg");
        }
        if (alg.strip().equalsIgnoreCase("none")) {
            throw new UnacceptableHeaderException("alg " + Messages.shown(alg) + " (unsigned) is never accepted");
        }
        if (header.containsKey("enc")) {
            throw new MalformedTokenException("header has enc: a JWE, not a signed JWS");
        }
        for (String name : KEY_CARRYING_HEADERS) {
            if (header.containsKey(name)) {
                throw new UnacceptableHeaderException("header carries " + name + "; keys come only from the issuer's"
                        + " key set and are never taken or fetched from a token");
            }
        }
        if (header.containsKey("crit")) {
            throw new UnacceptableHeaderException("header has crit; no extension is understood here");
        }
        if (header.containsKey("b64")) {
            throw new UnacceptableHeaderException("header has b64 (RFC 7797 unencoded payload); not accepted");
        }
        if (header.containsKey("zip")) {
            throw new UnacceptableHeaderException("header has zip; compressed payloads are not accepted");
        }
        if (header.containsKey("cty")) {
            Object cty = header.get("cty");
            boolean nested = cty instanceof String s && s.equalsIgnoreCase("JWT");
            throw new UnacceptableHeaderException(nested ? "cty JWT: nested tokens are not accepted"
                    : "header has cty; access tokens carry none");
        }
        JwsAlgorithm algorithm = JwsAlgorithm.named(alg).orElseThrow(() -> new UnacceptableHeaderException(
                "alg " + Messages.shown(alg) + " is not accepted; only RS256, ES256 and EdDSA"));
        if (requireAccessTokenType) {
            Object typ = header.get("typ");
            if (!(typ instanceof String t) || !ACCESS_TOKEN_TYPES.contains(t.toLowerCase(Locale.ROOT))) {
                throw new WrongTokenTypeException("typ is " + (typ instanceof String t ? Messages.shown(t) : "missing")
                        + ", not at+jwt: not an access token (RFC 9068)");
            }
        }
        if (!(header.get("kid") instanceof String kid)) {
            throw new UnacceptableHeaderException("header has no kid naming the key");
        }
        if (!KeySet.KID.matcher(kid).matches()) {
            throw new UnacceptableHeaderException("kid is not a plain key name of 1 to 128 characters");
        }
        return algorithm;
    }
}
