package dev.gatehouse.verifier;

import static dev.gatehouse.verifier.TestKeys.b64;
import static dev.gatehouse.verifier.TestKeys.claims;
import static dev.gatehouse.verifier.TestKeys.header;
import static dev.gatehouse.verifier.TestKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.testsupport.MovableClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 8725 / RFC 9068 attack list, each against a verifier following a stand-in issuer. */
class StrictVerificationTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final TestKeys KEYS = new TestKeys();
    static FakeIssuer issuer;
    static GatehouseVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        issuer = new FakeIssuer(KEYS.jwks());
        verifier = issuer.verifier(new MovableClock(NOW)).verifiedTokenCacheSize(0).build();
    }

    @AfterAll
    static void stop() {
        verifier.close();
        issuer.close();
    }

    static Stream<JWK> keys() {
        return Stream.of(KEYS.rsa, KEYS.ec, KEYS.ed);
    }

    static String valid(JWK key) {
        return sign(key, header(key), claims(NOW, 600));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void a_valid_token_of_each_algorithm_verifies_and_yields_its_claims(JWK key) {
        VerifiedToken token = verifier.verify(valid(key));
        assertThat(token.subject()).isEqualTo("acct-1");
        assertThat(token.sessionId()).isEqualTo("sid-1");
        assertThat(token.clientId()).isEqualTo("web");
        assertThat(token.scopes()).containsExactlyInAnyOrder("read", "write");
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(token.keyId()).isEqualTo(key.getKeyID());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", " none"})
    void alg_none_is_refused_in_any_spelling_with_or_without_a_signature(String alg) {
        String headerJson = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
        String unsigned = b64(headerJson) + "." + b64(claims(NOW, 600)) + ".";
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("signature is missing");
        String withSignature = unsigned + b64("x");
        assertThatThrownBy(() -> verifier.verify(withSignature)).isInstanceOf(UnacceptableHeaderException.class)
                .hasMessageContaining("never accepted");
    }

    @Test
    void an_rs256_key_used_as_an_hs256_secret_is_refused() throws Exception {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}") + "." + b64(claims(NOW, 600));
        for (byte[] secret : new byte[][] {KEYS.rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                KEYS.rsa.toRSAKey().toPublicKey().getEncoded()}) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String forged = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(UnacceptableHeaderException.class)
                    .hasMessageContaining("alg HS256 is not accepted");
        }
    }

    @Test
    void an_algorithm_other_than_the_one_the_key_declares_is_refused() {
        // a real ES256 signature, but the header names the RSA key
        String forged = sign(KEYS.ec, "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(AlgorithmMismatchException.class)
                .hasMessage("header says alg ES256 but key rsa-1 is for RS256 only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwk", "jku", "x5u", "x5c"})
    void headers_that_carry_or_point_to_a_key_are_refused_and_never_fetched(String name) {
        int before = issuer.jwksRequests.get();
        String value = switch (name) {
            case "jwk" -> KEYS.rsa.toPublicJWK().toJSONString();
            case "x5c" -> "[\"MIIB\"]";
            default -> "\"" + issuer.base() + "/.well-known/jwks.json\"";
        };
        String token = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"" + name + "\":" + value
                + "}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(UnacceptableHeaderException.class)
                .hasMessageContaining("header carries " + name);
        assertThat(issuer.jwksRequests.get()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../dev/null", "' OR '1'='1", "rsa-1\\u0000", "<script>", "rsa-1 ", ""})
    void malicious_kids_are_refused_without_a_key_lookup(String kid) {
        int before = issuer.jwksRequests.get();
        String token = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(UnacceptableHeaderException.class)
                .hasMessageContaining("kid is not a plain key name");
        assertThat(issuer.jwksRequests.get()).isEqualTo(before);
    }

    @Test
    void an_unknown_kid_and_a_kid_that_is_not_a_string_are_refused() {
        String unknown = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-2\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(unknown)).isInstanceOf(UnknownKeyException.class)
                .hasMessageContaining("no key rsa-2 in the issuer's key set");
        String numeric = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":1}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(numeric)).isInstanceOf(UnacceptableHeaderException.class)
                .hasMessageContaining("no kid");
        String none = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(none)).isInstanceOf(UnacceptableHeaderException.class);
    }

    @Test
    void crit_b64_false_zip_and_nested_tokens_are_refused() {
        String base = "\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"";
        assertThatThrownBy(() -> verifier.verify(sign(KEYS.rsa, "{" + base + ",\"crit\":[\"exp\"],\"exp\":1}",
                claims(NOW, 600)))).isInstanceOf(UnacceptableHeaderException.class).hasMessageContaining("crit");
        assertThatThrownBy(() -> verifier.verify(sign(KEYS.rsa, "{" + base + ",\"b64\":false}", claims(NOW, 600))))
                .isInstanceOf(UnacceptableHeaderException.class).hasMessageContaining("b64");
        assertThatThrownBy(() -> verifier.verify(sign(KEYS.rsa, "{" + base + ",\"zip\":\"DEF\"}", claims(NOW, 600))))
                .isInstanceOf(UnacceptableHeaderException.class).hasMessageContaining("zip");
        String inner = valid(KEYS.rsa);
        String nested = sign(KEYS.rsa, "{" + base + ",\"cty\":\"JWT\"}", "\"" + inner + "\"");
        assertThatThrownBy(() -> verifier.verify(nested)).isInstanceOf(UnacceptableHeaderException.class)
                .hasMessageContaining("nested tokens");
    }

    @Test
    void a_jwe_is_refused_as_not_a_signed_token() {
        String jwe = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"rsa-1\"}") + ".AAAA.AAAA.AAAA.AAAA";
        assertThatThrownBy(() -> verifier.verify(jwe)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("a JWE (5 parts)");
    }

    @Test
    void only_the_compact_form_without_padding_or_whitespace_is_accepted() {
        String token = valid(KEYS.rsa);
        String[] p = token.split("\\.");
        String json = "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}";
        assertThatThrownBy(() -> verifier.verify(json)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("JSON serialization");
        for (String variant : new String[] {token + "=", token + "==", " " + token, token + "\n", p[0] + " ." + p[1] + "."
                + p[2], p[0] + "." + p[1] + "\n." + p[2], token.replace('-', '+').replace('_', '/')}) {
            if (variant.equals(token)) {
                continue;
            }
            assertThatThrownBy(() -> verifier.verify(variant)).isInstanceOf(MalformedTokenException.class);
        }
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(p[0]));
        if (!padded.equals(p[0])) {
            assertThatThrownBy(() -> verifier.verify(padded + "." + p[1] + "." + p[2]))
                    .isInstanceOf(MalformedTokenException.class).hasMessageContaining("canonical");
        }
        assertThatThrownBy(() -> verifier.verify(p[0] + "." + p[1])).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("2 dot-separated parts");
    }

    @Test
    void non_canonical_base64url_with_nonzero_unused_bits_is_refused() {
        String token = valid(KEYS.ec);
        // ES256 signatures are 64 bytes: 86 characters whose last carries 2 unused bits
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String tweaked = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertThatThrownBy(() -> verifier.verify(tweaked)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("canonical");
    }

    @Test
    void duplicate_member_names_in_the_header_or_the_claims_are_refused() {
        String dupHeader = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"alg\":\"none\"}",
                claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(dupHeader)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("duplicate member name \"alg\"");
        String c = claims(NOW, 600);
        String dupClaims = sign(KEYS.rsa, header(KEYS.rsa), c.substring(0, c.length() - 1) + ",\"sub\":\"admin\"}");
        assertThatThrownBy(() -> verifier.verify(dupClaims)).isInstanceOf(MalformedTokenException.class)
                .hasMessageContaining("duplicate member name \"sub\"");
    }

    @Test
    void a_token_over_8_kib_is_refused_on_its_size_before_any_other_work() {
        String c = claims(NOW, 600);
        String big = sign(KEYS.rsa, header(KEYS.rsa), c.substring(0, c.length() - 1) + ",\"pad\":\"" + "x".repeat(6200)
                + "\"}");
        assertThat(big.length()).isGreaterThan(8192);
        assertThatThrownBy(() -> verifier.verify(big)).isInstanceOf(MalformedTokenException.class)
                .hasMessage("token is " + big.length() + " characters, more than the 8192 allowed");
        // even garbage of that size is refused for its size, not parsed
        assertThatThrownBy(() -> verifier.verify("!".repeat(8193))).hasMessageContaining("8193 characters");
    }

    @Test
    void es256_signatures_of_the_wrong_length_or_with_r_or_s_out_of_range_are_refused() throws Exception {
        String token = valid(KEYS.ec);
        String input = token.substring(0, token.lastIndexOf('.'));
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        BigInteger n = ((ECPublicKey) ((ECKey) KEYS.ec).toECPublicKey()).getParams().getOrder();
        byte[] nBytes = fixed(n);
        byte[] zero = new byte[32];
        byte[][] bad = {
                Arrays.copyOf(sig, 63), Arrays.copyOf(sig, 65), concat(new byte[] {0}, sig),
                concat(zero, zero), concat(zero, Arrays.copyOfRange(sig, 32, 64)), concat(Arrays.copyOf(sig, 32), zero),
                concat(nBytes, Arrays.copyOfRange(sig, 32, 64)), concat(Arrays.copyOf(sig, 32), nBytes)};
        for (byte[] b : bad) {
            assertThatThrownBy(() -> verifier.verify(input + "." + b64(b))).isInstanceOf(InvalidSignatureException.class)
                    .hasMessageContaining("ES256 signature");
        }
        // the malleable twin (n - s) is a valid ECDSA signature mathematically; JWS ES256 has no low-s rule, so
        // it is accepted like any signature from the key (the point is that no forgery without the key exists)
        byte[] flipped = sig.clone();
        flipped[10] ^= 1;
        assertThatThrownBy(() -> verifier.verify(input + "." + b64(flipped))).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("does not verify");
    }

    private static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "rt+jwt", "application/jwt", "id_token+jwt", ""})
    void tokens_of_another_type_presented_as_access_tokens_are_refused(String typ) {
        String token = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"" + typ + "\",\"kid\":\"rsa-1\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(WrongTokenTypeException.class)
                .hasMessageContaining("not at+jwt");
        String untyped = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims(NOW, 600));
        assertThatThrownBy(() -> verifier.verify(untyped)).isInstanceOf(WrongTokenTypeException.class)
                .hasMessageContaining("typ is missing");
        String mediaType = sign(KEYS.rsa, "{\"alg\":\"RS256\",\"typ\":\"application/AT+JWT\",\"kid\":\"rsa-1\"}",
                claims(NOW, 600));
        assertThat(verifier.verify(mediaType).subject()).isEqualTo("acct-1");
    }

    @Test
    void a_wrong_issuer_is_refused() {
        String token = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW, 600).replace(TestKeys.ISSUER, "https://evil.test"));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(WrongIssuerException.class)
                .hasMessage("iss is https://evil.test, expected https://gatehouse.test");
    }

    @Test
    void an_audience_without_ours_is_refused_and_a_list_containing_ours_is_accepted() {
        String other = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW, 600).replace("\"aud\":\"api\"", "\"aud\":\"billing\""));
        assertThatThrownBy(() -> verifier.verify(other)).isInstanceOf(WrongAudienceException.class)
                .hasMessage("aud does not contain api");
        String list = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW, 600).replace("\"aud\":\"api\"",
                "\"aud\":[\"billing\",\"api\"]"));
        assertThat(verifier.verify(list).audience()).containsExactly("billing", "api");
    }

    @Test
    void expiry_past_the_skew_is_refused_with_how_long_ago() {
        String expired = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW.minusSeconds(661), 600));
        assertThatThrownBy(() -> verifier.verify(expired)).isInstanceOf(ExpiredTokenException.class)
                .hasMessage("expired 61000 ms ago, allowed skew 60000 ms");
        String withinSkew = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW.minusSeconds(630), 600));
        assertThat(verifier.verify(withinSkew).subject()).isEqualTo("acct-1");
    }

    @Test
    void iat_or_nbf_in_the_future_beyond_the_skew_is_refused_with_how_far() {
        String future = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW.plusSeconds(61), 600));
        assertThatThrownBy(() -> verifier.verify(future)).isInstanceOf(PrematureTokenException.class)
                .hasMessage("issued 61000 ms in the future, allowed skew 60000 ms");
        assertThat(verifier.verify(sign(KEYS.rsa, header(KEYS.rsa), claims(NOW.plusSeconds(59), 600))).subject())
                .isEqualTo("acct-1");
        String c = claims(NOW, 600);
        String nbf = sign(KEYS.rsa, header(KEYS.rsa), c.substring(0, c.length() - 1) + ",\"nbf\":"
                + NOW.plusSeconds(120).getEpochSecond() + "}");
        assertThatThrownBy(() -> verifier.verify(nbf)).isInstanceOf(PrematureTokenException.class)
                .hasMessageContaining("not valid for another 120000 ms (nbf)");
    }

    @Test
    void a_token_without_a_session_id_is_refused() {
        String token = sign(KEYS.rsa, header(KEYS.rsa), claims(NOW, 600).replace(",\"sid\":\"sid-1\"", ""));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidClaimException.class)
                .hasMessage("sid is missing or not a non-empty string");
    }

    @Test
    void a_signature_from_another_key_is_refused() throws Exception {
        TestKeys other = new TestKeys();
        for (JWK key : new JWK[] {other.rsa, other.ec, other.ed}) {
            String forged = sign(key, header(key), claims(NOW, 600));
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidSignatureException.class)
                    .hasMessageContaining("does not verify with key " + key.getKeyID());
        }
    }

    @Test
    void the_clock_skew_is_at_most_five_minutes_and_every_setting_is_checked() {
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).clockSkew(Duration.ofMinutes(6)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clockSkew must be from 0 ms to 300000 ms, got 360000 ms");
        assertThatThrownBy(() -> GatehouseVerifier.builder().audience("api").gatehouse(issuer.base()).build())
                .hasMessage("issuer is required and must not be blank");
        assertThatThrownBy(() -> issuer.verifier(new MovableClock(NOW)).jwksUri(java.net.URI.create("file:///etc/x"))
                .build()).hasMessageContaining("jwksUri must be an absolute http or https URL");
    }
}
