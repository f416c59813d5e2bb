package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.KeySigner;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import dev.gatehouse.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokensTest {

    static final String ISSUER = "https://auth.example.com";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.456Z");
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration CACHE = Duration.ofMinutes(10);

    private final MovableClock clock = new MovableClock(T0);
    private InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final Sealer sealer = new Sealer(Secrets.randomBytes(32));
    private SigningKeys keys = keys(KeyAlgorithm.ES256);
    private AccessTokens tokens = new AccessTokens(keys, ISSUER, LIFETIME, SKEW, clock);

    private SigningKeys keys(KeyAlgorithm algorithm) {
        SigningKeys k = new SigningKeys(store, sealer, algorithm, CACHE, Duration.ofMinutes(15), clock);
        k.ensureKey();
        return k;
    }

    /** Starts over with an empty store, so the first key is of {@code algorithm}. */
    private void use(KeyAlgorithm algorithm) {
        store = new InMemorySigningKeyStore();
        keys = keys(algorithm);
        tokens = new AccessTokens(keys, ISSUER, LIFETIME, SKEW, clock);
    }

    /** A session proved by a password at T0 - 90 s. */
    private static final Authentications PASSWORD = Authentications.of(AuthMethod.PASSWORD, T0.minusSeconds(90));

    private IssuedAccessToken issue() {
        return tokens.issue("acc-alice", "sid-1", "mobile-app", "https://api.example.com", "read write", PASSWORD);
    }

    /** A token with exactly this header and these claims, signed by {@code signer} (null: no signature). */
    private static String forge(Map<String, Object> header, Map<String, Object> claims, JWSSigner signer)
            throws Exception {
        String input = Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "."
                + Base64URL.encode(JSONObjectUtils.toJSONString(claims));
        String signature = signer == null ? ""
                : signer.sign(JWSHeader.parse(header), input.getBytes(StandardCharsets.US_ASCII)).toString();
        return input + "." + signature;
    }

    private Map<String, Object> header() {
        KeySigner signer = keys.signer();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", signer.algorithm().name());
        header.put("typ", "at+jwt");
        header.put("kid", signer.kid());
        return header;
    }

    private Map<String, Object> claims() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "acc-alice");
        claims.put("aud", "https://api.example.com");
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("jti", "jti-1");
        claims.put("client_id", "mobile-app");
        claims.put("sid", "sid-1");
        return claims;
    }

    private String signed(Map<String, Object> header, Map<String, Object> claims) throws Exception {
        return forge(header, claims, keys.signer().jwsSigner());
    }

    private void assertRefused(String token, String why) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(NotAuthenticatedException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_token");
                    assertThat(e.getMessage()).contains(why);
                    if (token != null) {
                        for (String part : token.split("\\.")) {
                            if (part.length() > 8) {
                                assertThat(e.getMessage()).doesNotContain(part);
                            }
                        }
                    }
                });
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void a_token_carries_exactly_the_rfc_9068_header_and_claims(KeyAlgorithm algorithm) throws Exception {
        use(algorithm);

        IssuedAccessToken issued = issue();

        System.out.println("access token size, " + algorithm + ": " + issued.token().length() + " bytes");
        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().toJSONObject()).containsOnlyKeys("alg", "typ", "kid")
                .containsEntry("alg", algorithm.name()).containsEntry("typ", "at+jwt")
                .containsEntry("kid", keys.signer().kid());
        Map<String, Object> claims = JSONObjectUtils.parse(jwt.getPayload().toString());
        assertThat(claims).containsOnlyKeys("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "sid", "scope",
                        "amr", "auth_time", "acr")
                .containsEntry("iss", ISSUER).containsEntry("sub", "acc-alice")
                .containsEntry("aud", "https://api.example.com").containsEntry("client_id", "mobile-app")
                .containsEntry("sid", "sid-1").containsEntry("scope", "read write")
                .containsEntry("jti", issued.jti())
                .containsEntry("iat", T0.getEpochSecond()).containsEntry("exp", T0.getEpochSecond() + 300)
                .containsEntry("amr", java.util.List.of("pwd")).containsEntry("auth_time", T0.getEpochSecond() - 90)
                .containsEntry("acr", "1");
        assertThat(issued.jti()).matches("[A-Za-z0-9_-]{22}");
        assertThat(issued.issuedAt()).isEqualTo(Instant.ofEpochSecond(T0.getEpochSecond()));
        assertThat(issued.expiresAt()).isEqualTo(issued.issuedAt().plus(LIFETIME));
        assertThat(issued.toString()).doesNotContain(issued.token());

        assertThat(tokens.verify(issued.token())).isEqualTo(new AccessTokenClaims("acc-alice", "sid-1", "mobile-app",
                java.util.List.of("https://api.example.com"), "read write", issued.jti(), issued.issuedAt(), issued.expiresAt(),
                java.util.List.of("pwd"), Instant.ofEpochSecond(T0.getEpochSecond() - 90), "1"));
    }

    @Test
    void a_token_of_a_session_proved_by_two_factors_says_so_with_the_time_of_the_last() throws Exception {
        Authentications proof = PASSWORD.plus(AuthMethod.TOTP, T0.minusMillis(1500));

        IssuedAccessToken issued = tokens.issue("acc-alice", "sid-1", "web", "api", null, proof);

        Map<String, Object> claims = JSONObjectUtils.parse(SignedJWT.parse(issued.token()).getPayload().toString());
        assertThat(claims).containsEntry("amr", java.util.List.of("pwd", "otp", "mfa"))
                .containsEntry("auth_time", T0.minusMillis(1500).getEpochSecond()).containsEntry("acr", "2");
        AccessTokenClaims verified = tokens.verify(issued.token());
        assertThat(verified.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(verified.authTime()).isEqualTo(Instant.ofEpochSecond(T0.minusMillis(1500).getEpochSecond()));
        assertThat(verified.acr()).isEqualTo("2");
    }

    @Test
    void a_token_without_scope_has_no_scope_claim() throws Exception {
        IssuedAccessToken issued = tokens.issue("acc-alice", "sid-1", "web", "api", null, PASSWORD);

        assertThat(SignedJWT.parse(issued.token()).getJWTClaimsSet().getClaims()).doesNotContainKey("scope");
        assertThat(tokens.verify(issued.token()).scope()).isNull();
    }

    @Test
    void every_token_gets_its_own_jti() {
        assertThat(issue().jti()).isNotEqualTo(issue().jti());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void tokens_of_a_retired_key_verify_until_they_expire(KeyAlgorithm algorithm) throws Exception {
        use(algorithm);
        clock.advance(Duration.ofHours(1));
        SigningKey rotated = keys.rotate();
        clock.set(rotated.activatesAt().minusSeconds(1));
        IssuedAccessToken old = issue();

        clock.set(rotated.activatesAt());
        IssuedAccessToken fresh = issue();

        assertThat(SignedJWT.parse(fresh.token()).getHeader().getKeyID()).isEqualTo(rotated.kid());
        assertThat(tokens.verify(old.token()).jti()).isEqualTo(old.jti());
        clock.set(old.expiresAt().plus(SKEW).minusMillis(1));
        assertThat(tokens.verify(old.token()).jti()).isEqualTo(old.jti());
        assertThat(tokens.verify(fresh.token()).jti()).isEqualTo(fresh.jti());
        clock.set(old.expiresAt().plus(SKEW));
        assertRefused(old.token(), "expired");
    }

    @Test
    void an_expired_token_is_refused_with_the_numbers() {
        IssuedAccessToken issued = issue();
        clock.set(issued.expiresAt().plus(SKEW).minusMillis(1));
        assertThat(tokens.verify(issued.token())).isNotNull();

        clock.set(issued.expiresAt().plus(SKEW).plusMillis(1234));

        assertRefused(issued.token(), "expired 61234 ms ago, allowed skew 60000 ms");
    }

    @Test
    void a_token_issued_in_the_future_beyond_the_skew_is_refused() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("iat", clock.instant().getEpochSecond() + 60);
        assertThat(tokens.verify(signed(header(), claims))).isNotNull();

        claims.put("iat", clock.instant().getEpochSecond() + 120);

        assertRefused(signed(header(), claims), "ms in the future, allowed skew 60000 ms");
    }

    @Test
    void a_token_from_another_issuer_is_refused() {
        AccessTokens other = new AccessTokens(keys, "https://evil.example.com", LIFETIME, SKEW, clock);

        assertRefused(other.issue("acc-alice", "sid-1", "web", "api", null, PASSWORD).token(), ", expected " + ISSUER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+JWT-not", "application/jwt"})
    void a_token_of_another_type_is_refused(String typ) throws Exception {
        Map<String, Object> header = header();
        header.put("typ", typ);

        assertRefused(signed(header, claims()), ", not at+jwt");
    }

    @Test
    void a_token_without_a_type_is_refused() throws Exception {
        Map<String, Object> header = header();
        header.remove("typ");

        assertRefused(signed(header, claims()), "typ is missing, not at+jwt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/at+jwt", "AT+JWT", "Application/At+Jwt"})
    void the_media_type_form_of_the_type_is_accepted(String typ) throws Exception {
        Map<String, Object> header = header();
        header.put("typ", typ);

        assertThat(tokens.verify(signed(header, claims())).subject()).isEqualTo("acc-alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void an_unsigned_token_is_refused(String none) throws Exception {
        Map<String, Object> header = header();
        header.put("alg", none);

        String unsigned = forge(header, claims(), null);
        assertRefused(unsigned, "signature is missing");
        assertRefused(unsigned + "c2ln", "alg " + none + " (unsigned) is never accepted");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void hs256_signed_with_the_public_key_is_refused(KeyAlgorithm algorithm) throws Exception {
        use(algorithm);
        Map<String, Object> header = header();
        header.put("alg", "HS256");
        // The classic confusion: the attacker knows the public key and uses its bytes as the HMAC secret.
        byte[] publicKey = keys.verificationKey(keys.signer().kid()).orElseThrow().toJSONString()
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(forge(header, claims(), new MACSigner(publicKey)),
                "alg HS256 is not accepted; only RS256, ES256 and EdDSA");
    }

    @Test
    void a_token_signed_by_an_unknown_key_is_refused() throws Exception {
        SigningKeys elsewhere = new SigningKeys(new InMemorySigningKeyStore(), sealer, KeyAlgorithm.ES256, CACHE,
                Duration.ofMinutes(15), clock);
        elsewhere.ensureKey();
        Map<String, Object> header = header();
        header.put("kid", elsewhere.signer().kid());

        assertRefused(forge(header, claims(), elsewhere.signer().jwsSigner()), "kid is not one of the published");
    }

    @Test
    void a_token_naming_our_kid_but_signed_by_another_key_is_refused() throws Exception {
        SigningKeys elsewhere = new SigningKeys(new InMemorySigningKeyStore(), sealer, KeyAlgorithm.ES256, CACHE,
                Duration.ofMinutes(15), clock);
        elsewhere.ensureKey();

        assertRefused(forge(header(), claims(), elsewhere.signer().jwsSigner()), "signature does not verify");
    }

    @Test
    void a_token_with_its_signature_cut_off_is_refused() {
        String token = issue().token();

        assertRefused(token.substring(0, token.lastIndexOf('.') + 1), "signature is missing");
    }

    @Test
    void a_tampered_payload_is_refused() throws Exception {
        String[] parts = issue().token().split("\\.");
        Map<String, Object> claims = JSONObjectUtils.parse(Base64URL.from(parts[1]).decodeToString());
        claims.put("sub", "acc-admin");
        String tampered = parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];

        assertRefused(tampered, "signature does not verify");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "jwk", "x5u", "x5c", "crit"})
    void headers_that_bring_their_own_key_or_extensions_are_refused(String name) throws Exception {
        Map<String, Object> header = header();
        header.put(name, switch (name) {
            case "jku", "x5u" -> "https://evil.example.com/keys";
            case "jwk" -> keys.verificationKey(keys.signer().kid()).orElseThrow().toJSONObject();
            case "x5c" -> java.util.List.of("MIIB");
            default -> java.util.List.of("exp");
        });

        assertRefused(forge(header, claims(), keys.signer().jwsSigner()), name.equals("crit") ? "header has crit" : "header carries " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "exp", "iat", "jti", "client_id", "sid"})
    void a_token_missing_a_required_claim_is_refused(String claim) throws Exception {
        Map<String, Object> claims = claims();
        claims.remove(claim);

        assertRefused(signed(header(), claims), claim + " is missing");
    }

    @Test
    void a_token_larger_than_8_kib_is_refused_before_anything_else() {
        String token = tokens.issue("acc-alice", "sid-1", "web", "api", "s".repeat(8192), PASSWORD).token();

        assertRefused(token, "token is " + token.length() + " characters, more than the 8192 allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b", "a.b.c.d", "a.b.c.d.e", "!!!.???.***", "eyJhbGciOi.eyJzdWIi.c2ln",
            "bm90IGpzb24.bm90IGpzb24.c2ln", "..", "e30.e30.e30"})
    void garbage_is_refused(String garbage) {
        assertRefused(garbage, "access token refused: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b64", "zip", "cty"})
    void headers_for_unencoded_compressed_or_nested_payloads_are_refused_as_by_every_verifier(String name)
            throws Exception {
        Map<String, Object> header = header();
        header.put(name, name.equals("b64") ? Boolean.TRUE : name.equals("zip") ? "DEF" : "JWT");

        assertRefused(signed(header, claims()), name.equals("cty") ? "cty JWT" : "header has " + name);
    }

    @Test
    void a_part_in_non_canonical_base64url_is_refused_though_it_decodes_to_the_same_bytes() {
        String token = issue().token();
        String[] parts = token.split("\\.");
        // a signature's last character carries unused low bits: setting one keeps the bytes, changes the text
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String other = signature.substring(0, signature.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
        org.junit.jupiter.api.Assumptions.assumeTrue(signature.length() % 4 != 0, "this signature length has no spare bits");

        assertRefused(parts[0] + "." + parts[1] + "." + other, "not canonical unpadded base64url");
    }

    @Test
    void a_header_with_a_duplicate_member_is_refused() throws Exception {
        String token = issue().token();
        String header = new String(Base64URL.from(token.substring(0, token.indexOf('.'))).decode(), StandardCharsets.UTF_8);
        String doubled = header.replaceFirst("\\{", "{\"typ\":\"at+jwt\",");

        assertRefused(Base64URL.encode(doubled) + token.substring(token.indexOf('.')), "duplicate");
    }

    @Test
    void an_audience_array_naming_several_is_accepted_and_each_is_kept() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("aud", java.util.List.of("https://api.example.com", "gatehouse"));

        AccessTokenClaims verified = tokens.verify(signed(header(), claims));
        assertThat(verified.audience()).containsExactly("https://api.example.com", "gatehouse");
        assertThat(verified.isFor("gatehouse")).isTrue();
    }

    @Test
    void an_empty_audience_array_is_refused() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("aud", java.util.List.of());

        assertRefused(signed(header(), claims), "aud names no audience");
    }

    @Test
    void no_token_is_refused() {
        assertRefused(null, "no token");
    }

    @Test
    void a_lifetime_longer_than_keys_stay_published_is_refused_up_front() {
        assertThatThrownBy(() -> new AccessTokens(keys, ISSUER, Duration.ofMinutes(16), SKEW, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> new AccessTokens(keys, " ", LIFETIME, SKEW, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
    }
}
