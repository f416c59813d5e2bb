package dev.gatehouse.token.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.verifier.InvalidClaimException;
import dev.gatehouse.verifier.UnknownKeyException;
import dev.gatehouse.verifier.WrongAudienceException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rulebook as both the server and the verifier run it: the cache, the audience rule, the JDK signatures. */
class AccessTokenRulesTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String ISSUER = "https://gatehouse.test";

    final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final KeyPair ed = generate("Ed25519");
    final Set<String> published = new HashSet<>(Set.of("k1"));
    final AtomicInteger resolutions = new AtomicInteger();
    final KeyResolver keys = new KeyResolver() {
        @Override
        public VerificationKey resolve(String kid) {
            resolutions.incrementAndGet();
            if (!published.contains(kid)) {
                throw new UnknownKeyException("no key " + kid);
            }
            return new VerificationKey(kid, JwsAlgorithm.EdDSA, ed.getPublic());
        }

        @Override
        public boolean isPublished(String kid) {
            return published.contains(kid);
        }
    };

    AccessTokenRules<CheckedToken> rules(ClaimsCheck claims) {
        return new AccessTokenRules<>(keys, claims, 100, clock, t -> t);
    }

    ClaimsCheck forApi() {
        return ClaimsCheck.forAudience(ISSUER, "api", Duration.ofSeconds(60), clock);
    }

    @Test
    void a_token_seen_before_is_served_without_a_second_key_lookup_or_signature() {
        var rules = rules(forApi());
        String token = token("\"api\"", 600);
        CheckedToken first = rules.verify(token);
        assertThat(rules.verify(token)).isSameAs(first);
        assertThat(resolutions).hasValue(1);
    }

    @Test
    void a_cached_token_is_served_only_until_exp_then_checked_again_within_the_skew() {
        var rules = rules(forApi());
        String token = token("\"api\"", 600);
        rules.verify(token);
        now.set(NOW.plusSeconds(600).minusMillis(1));
        rules.verify(token);
        assertThat(resolutions).hasValue(1);
        now.set(NOW.plusSeconds(630)); // past exp, within the 60 s skew: accepted, but by the full check
        rules.verify(token);
        assertThat(resolutions).hasValue(2);
    }

    @Test
    void a_cached_token_is_not_served_once_its_key_is_no_longer_published() {
        var rules = rules(forApi());
        String token = token("\"api\"", 600);
        rules.verify(token);
        published.remove("k1");
        assertThatThrownBy(() -> rules.verify(token)).isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void a_resource_server_accepts_a_token_whose_audiences_contain_its_own() {
        assertThat(rules(forApi()).verify(token("[\"orders\",\"api\"]", 600)).audience()).containsExactly("orders", "api");
        assertThatThrownBy(() -> rules(forApi()).verify(token("[\"orders\"]", 600)))
                .isInstanceOf(WrongAudienceException.class).hasMessage("aud does not contain api");
    }

    @Test
    void the_issuer_accepts_any_audience_but_not_none() {
        var rules = rules(ClaimsCheck.anyAudience(ISSUER, Duration.ofSeconds(60), clock));
        assertThat(rules.verify(token("\"orders\"", 600)).audience()).containsExactly("orders");
        assertThatThrownBy(() -> rules.verify(token("[]", 600))).isInstanceOf(WrongAudienceException.class)
                .hasMessage("aud names no audience");
    }

    @Test
    void an_ed25519_signature_with_s_not_below_the_group_order_is_refused() throws Exception {
        String token = token("\"api\"", 600);
        int dot = token.lastIndexOf('.');
        byte[] sig = Base64Url.decode(token.substring(dot + 1));
        // S + L verifies under a lax check (the same point), RFC 8032 §5.1.7 says refuse it
        BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] sLittle = java.util.Arrays.copyOfRange(sig, 32, 64);
        BigInteger s = new BigInteger(1, reverse(sLittle)).add(order);
        byte[] malleable = sig.clone();
        byte[] sPlusL = reverse(toFixed(s, 32));
        System.arraycopy(sPlusL, 0, malleable, 32, 32);
        String forged = token.substring(0, dot + 1) + b64(malleable);
        assertThatThrownBy(() -> rules(forApi()).verify(forged))
                .isInstanceOf(dev.gatehouse.verifier.InvalidSignatureException.class);
    }

    @Test
    void the_cache_never_holds_more_than_its_size() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(100);
        for (int i = 0; i < 1000; i++) {
            cache.put(VerifiedTokenCache.digest("token-" + i), "t" + i, NOW.plusSeconds(60), "k1", NOW);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.size()).as("eviction drops a tenth, not everything").isGreaterThanOrEqualTo(90);
    }

    @Test
    void what_the_session_proved_is_read_from_amr_auth_time_and_acr() {
        CheckedToken t = rules(forApi()).verify(tokenWith(
                ",\"amr\":[\"pwd\",\"otp\",\"mfa\"],\"auth_time\":" + (NOW.getEpochSecond() - 90) + ",\"acr\":\"2\""));

        assertThat(t.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(t.authTime()).isEqualTo(NOW.minusSeconds(90));
        assertThat(t.acr()).isEqualTo("2");
    }

    @Test
    void a_token_that_says_nothing_of_the_session_proof_has_no_amr_auth_time_or_acr() {
        CheckedToken t = rules(forApi()).verify(token("\"api\"", 600));

        assertThat(t.amr()).isEmpty();
        assertThat(t.authTime()).isNull();
        assertThat(t.acr()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ,"amr":"pwd"                          | amr is not an array of at most 16 strings
            ,"amr":{"0":"pwd"}                    | amr is not an array of at most 16 strings
            ,"amr":["pwd",7]                      | amr holds a value that is not a non-empty string
            ,"amr":["pwd",null]                   | amr holds a value that is not a non-empty string
            ,"amr":[["otp"]]                      | amr holds a value that is not a non-empty string
            ,"amr":[""]                           | amr holds a value that is not a non-empty string
            ,"amr":["a","a","a","a","a","a","a","a","a","a","a","a","a","a","a","a","a"] | amr is not an array of at most 16 strings
            ,"auth_time":"1767225600"             | auth_time is not a NumericDate in whole seconds
            ,"auth_time":1767225600.5             | auth_time is not a NumericDate in whole seconds
            ,"auth_time":-1                       | auth_time is not a NumericDate in whole seconds
            ,"auth_time":true                     | auth_time is not a NumericDate in whole seconds
            ,"auth_time":1e300                    | auth_time is not a NumericDate in whole seconds
            ,"acr":2                              | acr is not a non-empty string
            ,"acr":["2"]                          | acr is not a non-empty string
            ,"acr":""                             | acr is not a non-empty string
            """)
    void a_session_proof_claim_of_the_wrong_type_is_refused(String claim, String message) {
        assertThatThrownBy(() -> rules(forApi()).verify(tokenWith(claim)))
                .isInstanceOfSatisfying(InvalidClaimException.class, e -> assertThat(e.code()).isEqualTo("invalid_claim"))
                .hasMessage(message);
    }

    @Test
    void a_whole_auth_time_written_with_a_zero_fraction_or_an_exponent_is_read() {
        assertThat(rules(forApi()).verify(tokenWith(",\"auth_time\":1767225000.000")).authTime())
                .isEqualTo(Instant.ofEpochSecond(1767225000L));
        assertThat(rules(forApi()).verify(tokenWith(",\"auth_time\":1.7672250E9")).authTime())
                .isEqualTo(Instant.ofEpochSecond(1767225000L));
    }

    private String token(String aud, long lifetimeSeconds) {
        return token(aud, lifetimeSeconds, "");
    }

    /** A token for {@code api} with these claims (each written {@code ,"name":value}) added. */
    private String tokenWith(String moreClaims) {
        return token("\"api\"", 600, moreClaims);
    }

    private String token(String aud, long lifetimeSeconds, String moreClaims) {
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"acct-1\",\"aud\":" + aud + ",\"exp\":"
                + (NOW.getEpochSecond() + lifetimeSeconds) + ",\"iat\":" + NOW.getEpochSecond()
                + ",\"jti\":\"j1\",\"client_id\":\"web\",\"sid\":\"sid-1\",\"scope\":\"read write\"" + moreClaims + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(ed.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] toFixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

}
