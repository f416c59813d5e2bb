package dev.gatehouse.token.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.verifier.TokenRejectedException;
import dev.gatehouse.verifier.UnknownKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the external vectors through the rulebook's own parsing, key-set and signature code, the
 * code both the server and the verifier check every access token with
 * ({@link SignatureCheck#verify} with the {@code typ} rule off, since vector payloads are not
 * access tokens; the raw ECDSA vectors through {@link SignatureCheck#checkSignature}). Every
 * vector labelled valid must verify and every invalid one must be refused, except the vectors
 * {@link VectorExceptions} lists with a reason. A report goes to {@code target/vector-report.txt}.
 */
class ExternalVectorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Map<String, Integer> RULE_USE = new TreeMap<>();
    private static final List<String> REPORT = new ArrayList<>();

    /** Outcome of one vector: null reason when accepted. */
    private record Outcome(String reason) {
        boolean accepted() {
            return reason == null;
        }
    }

    private static JsonNode read(String relative) throws IOException {
        return MAPPER.readTree(Files.readString(TestData.dir().resolve(relative)));
    }

    @Test
    void wycheproof_json_web_signature_vectors_are_verified_or_refused_as_labelled() throws IOException {
        List<String> failures = new ArrayList<>();
        JsonNode file = read("wycheproof/json_web_signature_test.json");
        int count = 0;
        for (JsonNode group : file.path("testGroups")) {
            JsonNode keys = group.has("public") ? group.get("public") : group.get("private");
            for (JsonNode t : group.path("tests")) {
                String token = t.get("jws").isTextual() ? t.get("jws").asText() : t.get("jws").toString();
                check(vector("wycheproof/json_web_signature_test.json", t, token, keys), jws(token, keySet(keys)),
                        failures);
                count++;
            }
        }
        assertThat(count).isEqualTo(file.path("numberOfTests").asInt());
        assertThat(failures).isEmpty();
    }

    @Test
    void wycheproof_json_web_key_vectors_are_verified_or_refused_as_labelled() throws IOException {
        List<String> failures = new ArrayList<>();
        JsonNode file = read("wycheproof/json_web_key_test.json");
        int count = 0;
        for (JsonNode group : file.path("testGroups")) {
            JsonNode keys = group.has("public") ? group.get("public") : group.get("private");
            for (JsonNode t : group.path("tests")) {
                String token = t.get("jws").asText();
                check(vector("wycheproof/json_web_key_test.json", t, token, keys), jws(token, keySet(keys)), failures);
                count++;
            }
        }
        assertThat(count).isEqualTo(file.path("numberOfTests").asInt());
        assertThat(failures).isEmpty();
    }

    @Test
    void wycheproof_p256_p1363_signatures_are_verified_or_refused_as_labelled() throws IOException {
        List<String> failures = new ArrayList<>();
        JsonNode file = read("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
        int count = 0;
        for (JsonNode group : file.path("testGroups")) {
            // the file's keys carry no alg or kid; the file is about ES256, so that is what the key declares
            ObjectNode jwk = group.has("publicKeyJwk") ? (ObjectNode) group.get("publicKeyJwk").deepCopy()
                    : jwkFromHex(group.get("publicKey"));
            jwk.put("alg", "ES256").put("kid", "p1363");
            KeySetOrReason keys = keySet(jwk);
            for (JsonNode t : group.path("tests")) {
                byte[] msg = HexFormat.of().parseHex(t.get("msg").asText());
                byte[] sig = HexFormat.of().parseHex(t.get("sig").asText());
                Outcome outcome;
                if (keys.reason != null) {
                    outcome = new Outcome(keys.reason);
                } else {
                    outcome = signatureOnly(keys.set.key("p1363").orElseThrow(), msg, sig);
                }
                VectorExceptions.Vector v = new VectorExceptions.Vector("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json",
                        t.get("tcId").asText(), "ES256", "EC", t.get("comment").asText(), t.get("result").asText());
                check(v, outcome, failures);
                count++;
            }
        }
        assertThat(count).isEqualTo(file.path("numberOfTests").asInt());
        assertThat(failures).isEmpty();
    }

    @Test
    void rfc7520_rfc8037_and_rfc7797_examples_are_verified_or_refused_with_a_listed_reason() throws IOException {
        List<String> failures = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        try (var list = Files.list(TestData.dir().resolve("jose-cookbook/jws"))) {
            list.sorted().forEach(p -> files.put("jose-cookbook/jws/" + p.getFileName(), "rfc7520"));
        }
        files.put("jose-cookbook/curve25519/jws.json", "rfc8037");
        files.put("jose-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json", "rfc7797");
        int verifiedThroughSignatureOnly = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            JsonNode example = read(f.getKey());
            String id = Path.of(f.getKey()).getFileName().toString().replaceAll("^(\\d)_(\\d).*", "$1.$2")
                    .replaceAll("^(\\d\\.\\d).*", "$1");
            JsonNode inputKey = example.at("/input/key");
            // 4.8 signs with several keys; its first is RS256, enough since the JSON form is refused anyway
            ObjectNode jwk = publicPart(inputKey.isArray() ? inputKey.get(0) : inputKey);
            String alg = example.at("/input/alg").isTextual() ? example.at("/input/alg").asText()
                    : example.at("/signing/0/protected/alg").asText();
            if (!jwk.has("kid")) {
                jwk.put("kid", "example-key"); // the RFC 8037 key has none; a key set needs one to name it
            }
            if (!alg.isEmpty()) {
                jwk.put("alg", alg); // RFC 7520 keys state no alg; each example names the one it is for
            }
            JsonNode output = example.path("output");
            String token = output.has("compact") ? output.get("compact").asText()
                    : output.has("json") ? output.get("json").toString() : output.toString();
            KeySetOrReason keys = keySet(jwk);
            VectorExceptions.Vector v = new VectorExceptions.Vector(f.getValue() + " " + f.getKey(), id, alg,
                    jwk.path("kty").asText(), example.path("title").asText(), "valid");
            check(new VectorExceptions.Vector(f.getValue(), id, alg, v.keyType(), v.comment(), "valid"),
                    jws(token, keys), failures);
            // where the refusal is a header rule, show the signature itself verifies on the same code path
            if (f.getValue().equals("rfc8037") && keys.set != null) {
                String input = example.at("/signing/sig-input").asText();
                String sig = example.at("/signing/sig").asText();
                VerificationKey key = keys.set.key(jwk.path("kid").asText()).orElseThrow();
                assertThat(signatureOnly(key, input.getBytes(StandardCharsets.US_ASCII), Base64Url.decode(sig))
                        .accepted()).isTrue();
                verifiedThroughSignatureOnly++;
            }
        }
        assertThat(verifiedThroughSignatureOnly).isEqualTo(1);
        assertThat(failures).isEmpty();
    }

    @AfterAll
    static void every_listed_exception_is_used_and_the_report_is_written() throws IOException {
        List<String> lines = new ArrayList<>(REPORT);
        lines.add("");
        lines.add("exception rules and how many vectors each covers:");
        for (VectorExceptions.Rule r : VectorExceptions.RULES) {
            lines.add("  " + r.name() + ": " + RULE_USE.getOrDefault(r.name(), 0) + " -- " + r.reason());
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "vector-report.txt"), lines);
        if (RULE_USE.size() > 0) {
            for (VectorExceptions.Rule r : VectorExceptions.RULES) {
                assertThat(RULE_USE).as("exception rule %s matched no vector: remove it", r.name())
                        .containsKey(r.name());
            }
        }
    }

    private static void check(VectorExceptions.Vector v, Outcome outcome, List<String> failures) {
        String line = v.file() + " #" + v.id() + " [" + v.expected() + ", " + v.alg() + "] " + v.comment() + ": "
                + (outcome.accepted() ? "accepted" : "refused: " + outcome.reason());
        switch (v.expected()) {
            case "valid" -> {
                if (!outcome.accepted()) {
                    var rule = VectorExceptions.find(v);
                    if (rule.isPresent()) {
                        RULE_USE.merge(rule.get().name(), 1, Integer::sum);
                        line += "  (listed exception: " + rule.get().name() + ")";
                    } else {
                        failures.add("valid vector refused: " + line);
                    }
                }
            }
            case "invalid" -> {
                if (outcome.accepted()) {
                    failures.add("invalid vector accepted: " + line);
                }
            }
            default -> {
                // "acceptable": either outcome is allowed
            }
        }
        synchronized (REPORT) {
            REPORT.add(line);
        }
    }

    private static VectorExceptions.Vector vector(String file, JsonNode t, String token, JsonNode keys) {
        String alg = headerAlg(token);
        JsonNode first = keys.has("keys") ? keys.path("keys").path(0) : keys;
        if (alg == null) {
            alg = first.path("alg").asText("?");
        }
        return new VectorExceptions.Vector(file, t.get("tcId").asText(), alg, first.path("kty").asText(),
                t.path("comment").asText(), t.get("result").asText());
    }

    private static String headerAlg(String token) {
        try {
            String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                    StandardCharsets.UTF_8);
            return MAPPER.readTree(header).path("alg").asText(null);
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    private record KeySetOrReason(KeySet set, String reason) {
    }

    private static KeySetOrReason keySet(JsonNode keys) {
        String doc = keys.has("keys") ? keys.toString() : "{\"keys\":[" + keys + "]}";
        try {
            return new KeySetOrReason(KeySet.parse(doc), null);
        } catch (KeySet.KeySetException e) {
            return new KeySetOrReason(null, "key set refused: " + e.getMessage());
        }
    }

    private static Outcome jws(String token, KeySetOrReason keys) {
        if (keys.reason != null) {
            return new Outcome(keys.reason);
        }
        try {
            SignatureCheck.verify(token, kid -> keys.set.key(kid).orElseThrow(() -> new UnknownKeyException(
                    keys.set.unusableReason(kid).map(r -> "key " + kid + " unusable: " + r).orElse("no key " + kid))),
                    false);
            return new Outcome(null);
        } catch (TokenRejectedException e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Outcome signatureOnly(VerificationKey key, byte[] input, byte[] sig) {
        try {
            SignatureCheck.checkSignature(key, input, sig);
            return new Outcome(null);
        } catch (TokenRejectedException e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Groups whose key has no JWK form in the file: built from the hex coordinates, left-padded to 32 bytes. */
    private static ObjectNode jwkFromHex(JsonNode publicKey) {
        ObjectNode jwk = MAPPER.createObjectNode().put("kty", "EC").put("crv", "P-256");
        jwk.put("x", b64(fixed32(publicKey.get("wx").asText())));
        jwk.put("y", b64(fixed32(publicKey.get("wy").asText())));
        return jwk;
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] fixed32(String hex) {
        byte[] raw = new java.math.BigInteger(hex, 16).toByteArray();
        byte[] out = new byte[Math.max(32, raw.length - (raw[0] == 0 ? 1 : 0))];
        int len = Math.min(out.length, raw[0] == 0 ? raw.length - 1 : raw.length);
        System.arraycopy(raw, raw.length - len, out, out.length - len, len);
        return out;
    }

    private static ObjectNode publicPart(JsonNode key) {
        ObjectNode copy = key.deepCopy();
        PRIVATE_MEMBERS.forEach(copy::remove);
        return copy;
    }
}
