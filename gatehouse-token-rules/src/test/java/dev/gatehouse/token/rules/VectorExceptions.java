package dev.gatehouse.token.rules;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that lists external test vectors whose label we do not follow, and why. Every
 * one of them is a vector labelled valid that the rulebook refuses on purpose, because its
 * rules are stricter than the vector's (RFC 8725 lets a verifier accept less); no vector
 * labelled invalid is ever accepted. {@link ExternalVectorsTest} fails when a rule here matches
 * no vector, so the list cannot go stale.
 */
final class VectorExceptions {

    /** One external vector as the harness sees it. */
    record Vector(String file, String id, String alg, String keyType, String comment, String expected) {
    }

    /** A class of vectors refused on purpose. */
    record Rule(String name, String reason, Predicate<Vector> matches) {
    }

    private static final Set<String> OTHER_ASYMMETRIC = Set.of("RS384", "RS512", "PS256", "PS384", "PS512", "ES384",
            "ES512", "ES521", "ES224");

    static final List<Rule> RULES = List.of(
            new Rule("json-serialization", "Only the JWS compact form is accepted (RFC 9068 access tokens are compact);"
                    + " RFC 7520 examples that exist only in the JSON serialization (unprotected headers, several"
                    + " signatures, no protected header) or with detached content are refused.",
                    v -> v.file().startsWith("rfc7520") && Set.of("4.5", "4.6", "4.7", "4.8").contains(v.id())),
            new Rule("no-kid", "The header must name its key with kid (Gatehouse always sets one; keys come only from"
                    + " the key set by kid). The RFC 8037 Ed25519 example has only {\"alg\":\"EdDSA\"}; its signature"
                    + " is still checked through the same key and signature code, and verifies.",
                    v -> v.file().startsWith("rfc8037")),
            new Rule("b64-false", "RFC 7797 unencoded payloads (b64: false, with crit) are refused by rule; the example"
                    + " also exists only in the JSON serialization and uses HMAC, each refused on its own.",
                    v -> v.file().startsWith("rfc7797")),
            new Rule("hmac", "HMAC (HS256/HS384/HS512) and other symmetric keys are never accepted: Gatehouse signs with"
                    + " asymmetric keys only, and a verifier holding a shared secret could mint tokens itself."
                    + " Refused as 'alg HSxxx is not accepted', or the key set is refused for holding symmetric key"
                    + " material (\"k\").",
                    v -> v.alg().startsWith("HS") || "oct".equals(v.keyType())),
            new Rule("other-algorithms", "Only RS256, ES256 and EdDSA are accepted (what Gatehouse signs with;"
                    + " RFC 8725 §3.1: accept only the algorithms you use). RS384, RS512, PS256/384/512 and ES512 (P-521)"
                    + " vectors are refused as 'alg ... is not accepted' or 'key declares alg ...'.",
                    v -> OTHER_ASYMMETRIC.contains(v.alg())));

    private VectorExceptions() {
    }

    static Optional<Rule> find(Vector v) {
        return RULES.stream().filter(r -> r.matches().test(v)).findFirst();
    }
}
