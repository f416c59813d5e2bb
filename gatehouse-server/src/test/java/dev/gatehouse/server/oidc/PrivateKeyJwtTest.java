package dev.gatehouse.server.oidc;

import static dev.gatehouse.server.oidc.ProviderClient.error;
import static dev.gatehouse.server.oidc.ProviderClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oidc.ClientAssertions;
import dev.gatehouse.server.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code private_key_jwt} (RFC 7523 §2.2): keys inline or at a jwks_uri, one use per assertion. */
class PrivateKeyJwtTest {

    private static final String AUDIENCE = TestServer.ORIGIN + "/oauth2/token";

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    ProviderClient rp;
    RSAKey rsa;
    HttpServer jwksServer;
    final AtomicReference<JWKSet> published = new AtomicReference<>();
    final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        rp = new ProviderClient(server);
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rp.register("inline", null, ClientAuthMethod.PRIVATE_KEY_JWT, Set.of(GrantType.CLIENT_CREDENTIALS), Set.of(),
                new JWKSet(rsa.toPublicJWK()).toString(), null);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
    }

    @AfterEach
    void stop() {
        jwksServer.stop(0);
    }

    String assertion(String clientId, JWK key, JWSSigner signer, JWSAlgorithm alg, String aud, Instant exp, String jti)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(aud)
                .issueTime(Date.from(server.clock.instant()));
        if (exp != null) {
            claims.expirationTime(Date.from(exp));
        }
        if (jti != null) {
            claims.jwtID(jti);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key == null ? null : key.getKeyID()).build(),
                claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    String rsaAssertion(String aud, Instant exp, String jti) throws Exception {
        return assertion("inline", rsa, new RSASSASigner(rsa), JWSAlgorithm.RS256, aud, exp, jti);
    }

    Instant soon() {
        return server.clock.instant().plusSeconds(60);
    }

    HttpResponse<String> token(String assertion) {
        return rp.token(form("grant_type", "client_credentials", "client_assertion_type", ClientAssertions.TYPE,
                "client_assertion", assertion), null);
    }

    @Test
    void a_client_proves_itself_with_a_jwt_signed_by_its_registered_key() throws Exception {
        HttpResponse<String> r = token(rsaAssertion(AUDIENCE, soon(), Secrets.randomToken(16)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // the issuer names the server too
        assertThat(token(rsaAssertion(TestServer.ORIGIN, soon(), Secrets.randomToken(16))).statusCode()).isEqualTo(200);
    }

    @Test
    void an_assertion_works_once() throws Exception {
        String assertion = rsaAssertion(AUDIENCE, soon(), "the-one-jti");
        assertThat(token(assertion).statusCode()).isEqualTo(200);
        HttpResponse<String> again = token(assertion);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(error(again)).isEqualTo("invalid_client");
    }

    @Test
    void a_wrong_audience_a_past_or_far_expiry_or_no_jti_is_refused() throws Exception {
        assertThat(token(rsaAssertion("https://elsewhere.test/token", soon(), "j1")).statusCode()).isEqualTo(401);
        assertThat(token(rsaAssertion(AUDIENCE, server.clock.instant().minusSeconds(120), "j2")).statusCode())
                .isEqualTo(401);
        assertThat(token(rsaAssertion(AUDIENCE, server.clock.instant().plus(Duration.ofHours(1)), "j3")).statusCode())
                .isEqualTo(401);
        assertThat(token(rsaAssertion(AUDIENCE, null, "j4")).statusCode()).isEqualTo(401);
        assertThat(token(rsaAssertion(AUDIENCE, soon(), null)).statusCode()).isEqualTo(401);
    }

    @Test
    void hmac_none_and_unregistered_keys_are_refused() throws Exception {
        byte[] secret = Secrets.randomBytes(32);
        assertThat(token(assertion("inline", null, new MACSigner(secret), JWSAlgorithm.HS256, AUDIENCE, soon(), "h1"))
                .statusCode()).isEqualTo(401);
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().issuer("inline").subject("inline").audience(AUDIENCE)
                .expirationTime(Date.from(soon())).jwtID("n1").build()).serialize();
        assertThat(token(unsigned).statusCode()).isEqualTo(401);
        RSAKey other = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertThat(token(assertion("inline", other, new RSASSASigner(other), JWSAlgorithm.RS256, AUDIENCE, soon(), "o1"))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> garbage = token("not.a.jwt");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(error(garbage)).isEqualTo("invalid_client");
    }

    @Test
    void keys_at_a_jwks_uri_are_fetched_cached_and_refetched_for_a_new_kid() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.set(new JWKSet(first.toPublicJWK()));
        rp.register("remote", null, ClientAuthMethod.PRIVATE_KEY_JWT, Set.of(GrantType.CLIENT_CREDENTIALS), Set.of(),
                null, "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks");

        assertThat(token(assertion("remote", first, new ECDSASigner(first), JWSAlgorithm.ES256, AUDIENCE, soon(), "r1"))
                .statusCode()).isEqualTo(200);
        assertThat(token(assertion("remote", first, new ECDSASigner(first), JWSAlgorithm.ES256, AUDIENCE, soon(), "r2"))
                .statusCode()).isEqualTo(200);
        assertThat(fetches).hasValue(1);

        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
        published.set(new JWKSet(second.toPublicJWK()));
        // a new kid right after a fetch: not fetched again yet
        assertThat(token(assertion("remote", second, new ECDSASigner(second), JWSAlgorithm.ES256, AUDIENCE, soon(), "r3"))
                .statusCode()).isEqualTo(401);
        assertThat(fetches).hasValue(1);
        server.clock.advance(Duration.ofSeconds(11));
        assertThat(token(assertion("remote", second, new ECDSASigner(second), JWSAlgorithm.ES256, AUDIENCE, soon(), "r4"))
                .statusCode()).isEqualTo(200);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void a_client_registered_for_private_key_jwt_cannot_use_another_method() {
        HttpResponse<String> r = rp.token(form("grant_type", "client_credentials", "client_id", "inline"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(rp.token(form("grant_type", "client_credentials"), ProviderClient.basic("inline", "whatever"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void a_client_revokes_its_own_token_with_an_assertion_too() throws Exception {
        String token = ProviderClient.json(token(rsaAssertion(AUDIENCE, soon(), "t1"))).path("access_token").asText();
        assertThat(server.gatehouse().tokens().authenticateClient(token)).isPresent();
        HttpResponse<String> r = rp.post("/oauth2/revoke", form("token", token, "client_assertion_type",
                ClientAssertions.TYPE, "client_assertion", rsaAssertion(AUDIENCE, soon(), "t2")), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.gatehouse().tokens().authenticateClient(token)).isEmpty();
    }

    @Test
    void ps256_and_eddsa_assertions_are_accepted() throws Exception {
        assertThat(token(assertion("inline", rsa, new RSASSASigner(rsa), JWSAlgorithm.PS256, AUDIENCE, soon(), "p1"))
                .statusCode()).isEqualTo(200);
        OctetKeyPair ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        rp.register("edwards", null, ClientAuthMethod.PRIVATE_KEY_JWT, Set.of(GrantType.CLIENT_CREDENTIALS), Set.of(),
                new JWKSet(ed.toPublicJWK()).toString(), null);
        HttpResponse<String> r = token(assertion("edwards", ed, new Ed25519Signer(ed), JWSAlgorithm.EdDSA, AUDIENCE,
                soon(), "e1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
