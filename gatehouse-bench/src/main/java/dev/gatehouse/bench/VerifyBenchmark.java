package dev.gatehouse.bench;

import com.nimbusds.jose.JOSEObjectType;
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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.verifier.GatehouseVerifier;
import dev.gatehouse.verifier.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code GatehouseVerifier.verify} per algorithm, on one Gatehouse-shaped access token:
 * {@code uncached} (the verified-token cache off: parse, header, key, signature, claims,
 * revocation), {@code cached} (the same token again: hash, lookup, revocation) and
 * {@code jdkSignatureFloor} (the bare JDK {@link Signature#verify} of that token's signing input,
 * the cost no verifier can go below; EdDSA here uses the JDK's Ed25519 while the rulebook uses
 * Tink's, which is faster).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifyBenchmark {

    @Param({"RS256", "ES256", "EdDSA"})
    public String algorithm;

    private StaticIssuer issuer;
    private GatehouseVerifier uncached;
    private GatehouseVerifier cached;
    private String token;
    private byte[] signingInput;
    private byte[] signature;
    private PublicKey publicKey;
    private String jdkAlgorithm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key = switch (algorithm) {
            case "RS256" -> new RSAKeyGenerator(2048).keyID("k").algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE)
                    .generate();
            case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID("k").algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE).generate();
            default -> new OctetKeyPairGenerator(Curve.Ed25519).keyID("k").algorithm(JWSAlgorithm.EdDSA)
                    .keyUse(KeyUse.SIGNATURE).generate();
        };
        JWSSigner signer = switch (key) {
            case RSAKey r -> new RSASSASigner(r);
            case ECKey e -> new ECDSASigner(e);
            case OctetKeyPair o -> new Ed25519Signer(o);
            default -> throw new IllegalStateException();
        };
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm))
                .type(new JOSEObjectType("at+jwt")).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer("https://gatehouse.bench").subject("acct-0123456789abcdef")
                        .audience("api").expirationTime(Date.from(now.plusSeconds(3600))).issueTime(Date.from(now))
                        .jwtID("jti-0123456789abcdef0123").claim("client_id", "web")
                        .claim("sid", "sid-0123456789abcdef0123").claim("scope", "read write").build());
        jwt.sign(signer);
        token = jwt.serialize();
        int dot = token.lastIndexOf('.');
        signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        switch (key) {
            case RSAKey r -> {
                publicKey = r.toRSAPublicKey();
                jdkAlgorithm = "SHA256withRSA";
            }
            case ECKey e -> {
                publicKey = e.toECPublicKey();
                jdkAlgorithm = "SHA256withECDSAinP1363Format";
            }
            case OctetKeyPair o -> {
                byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
                byte[] x = o.getDecodedX();
                byte[] spki = new byte[prefix.length + x.length];
                System.arraycopy(prefix, 0, spki, 0, prefix.length);
                System.arraycopy(x, 0, spki, prefix.length, x.length);
                publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                jdkAlgorithm = "Ed25519";
            }
            default -> throw new IllegalStateException();
        }
        issuer = new StaticIssuer(new JWKSet(List.of(key)).toString(true));
        uncached = GatehouseVerifier.builder().issuer("https://gatehouse.bench").audience("api").gatehouse(issuer.base())
                .clientCredentials(StaticIssuer.CLIENT_ID, StaticIssuer.CLIENT_SECRET).verifiedTokenCacheSize(0).build();
        cached = GatehouseVerifier.builder().issuer("https://gatehouse.bench").audience("api").gatehouse(issuer.base())
                .clientCredentials(StaticIssuer.CLIENT_ID, StaticIssuer.CLIENT_SECRET).build();
        uncached.verify(token);
        cached.verify(token);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        uncached.close();
        cached.close();
        issuer.close();
    }

    @Benchmark
    public VerifiedToken uncached() {
        return uncached.verify(token);
    }

    @Benchmark
    public VerifiedToken cached() {
        return cached.verify(token);
    }

    @Benchmark
    public boolean jdkSignatureFloor() throws Exception {
        Signature s = Signature.getInstance(jdkAlgorithm);
        s.initVerify(publicKey);
        s.update(signingInput);
        return s.verify(signature);
    }
}
