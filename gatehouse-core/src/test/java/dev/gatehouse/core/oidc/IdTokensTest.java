package dev.gatehouse.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdTokensTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final MovableClock clock = new MovableClock(T0);
    private final Account account = new Account("acc-1", "carol@example.com", "carol@example.com", "hash", Set.of(),
            false, T0);
    private final Authentications proof = Authentications.of(AuthMethod.PASSWORD, T0.minusSeconds(30))
            .plus(AuthMethod.TOTP, T0.minusSeconds(10));
    private final Session grant = new Session("grant-sid", "acc-1", null, "app", T0, T0, T0.plusSeconds(3600),
            T0.plusSeconds(7200), Device.UNKNOWN, null, null, "api", "openid email", proof);

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void an_id_token_is_signed_typed_and_bound_to_its_access_token(KeyAlgorithm algorithm) throws Exception {
        SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), new Sealer(Secrets.randomBytes(32)), algorithm,
                Duration.ofMinutes(5), Duration.ofMinutes(15), clock);
        keys.ensureKey();
        IdTokens idTokens = new IdTokens(keys, "https://id.example.com", Duration.ofMinutes(10), clock);

        SignedJWT jwt = SignedJWT.parse(idTokens.issue(account, grant, "app", "n1", "the.access.token", "openid email"));

        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWK key = keys.verificationKey(jwt.getHeader().getKeyID()).orElseThrow();
        assertThat(jwt.verify(switch (key) {
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new AssertionError(key);
        })).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("acc-1");
        assertThat(claims.getAudience()).containsExactly("app");
        assertThat(claims.getStringClaim("sid")).isEqualTo("grant-sid");
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n1");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(T0.minusSeconds(10).getEpochSecond());
        assertThat(claims.getStringListClaim("amr")).contains("pwd", "otp", "mfa");
        assertThat(claims.getStringClaim("acr")).isEqualTo(Authentications.ACR_MULTI_FACTOR);
        assertThat(claims.getStringClaim("email")).isEqualTo("carol@example.com");
        assertThat(claims.getClaim("preferred_username")).isNull();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        // OpenID Connect Core 3.1.3.6: the hash of the signing algorithm; SHA-512 for Ed25519
        String digest = algorithm == KeyAlgorithm.EdDSA ? "SHA-512" : "SHA-256";
        byte[] hash = MessageDigest.getInstance(digest).digest("the.access.token".getBytes(StandardCharsets.US_ASCII));
        assertThat(claims.getStringClaim("at_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2)));
    }
}
