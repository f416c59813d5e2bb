package dev.gatehouse.core.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.throttle.AttemptCounter;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2, OpenID Connect Core §9): the
 * client signs a short-lived JWT with one of its registered keys ({@link ClientKeySets}).
 *
 * <p>Accepted: {@code iss} and {@code sub} the client id; {@code aud} naming the token endpoint
 * or the issuer; {@code exp} present and at most {@link #MAX_LIFETIME} ahead (plus the clock
 * skew); a {@code jti}, spent through the shared attempt counter for the assertion's remaining
 * lifetime, so an assertion works once across every node. Only asymmetric algorithms
 * ({@link #ALGORITHMS}): never {@code none}, never an HMAC, which would need a shared secret
 * this server does not hold for such a client.
 */
public final class ClientAssertions {

    /** The {@code client_assertion_type} of a JWT assertion. */
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_ASSERTION_LENGTH = 8 * 1024;
    private static final int MIN_RSA_BITS = 2048;

    private final ClientKeySets keySets;
    private final AttemptCounter spent;
    private final Set<String> audiences;
    private final Duration skew;
    private final Clock clock;

    /**
     * @param tokenEndpoint the token endpoint's URL; an assertion may name it or the issuer
     * @param skew          how far the client's clock may be off
     */
    public ClientAssertions(ClientKeySets keySets, AttemptCounter spent, String issuer, String tokenEndpoint,
                            Duration skew, Clock clock) {
        this.keySets = keySets;
        this.spent = spent;
        this.audiences = Set.of(issuer, tokenEndpoint);
        this.skew = skew;
        this.clock = clock;
    }

    /**
     * Checks an assertion the client presents and spends it.
     *
     * @throws NotAuthenticatedException {@code invalid_client}, with the failed check in the message
     */
    public void verify(Client client, String assertion) {
        if (assertion == null || assertion.length() > MAX_ASSERTION_LENGTH) {
            throw refused("the client assertion is missing or longer than " + MAX_ASSERTION_LENGTH + " characters");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("the client assertion is not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw refused("the client assertion's algorithm " + alg + " is not one of " + ALGORITHMS);
        }
        String kid = jwt.getHeader().getKeyID();
        JWKSet keys = keySets.keys(client);
        boolean signed = verifiedBy(keys, jwt, alg, kid);
        if (!signed && kid != null && keys.getKeyByKeyId(kid) == null) {
            // a key not seen yet: the client may have rotated its published keys
            signed = verifiedBy(keySets.refetched(client), jwt, alg, kid);
        }
        if (!signed) {
            throw refused("the client assertion is not signed by a registered key of the client");
        }
        checkClaims(client, claims);
    }

    private void checkClaims(Client client, JWTClaimsSet claims) {
        if (!client.id().equals(claims.getIssuer()) || !client.id().equals(claims.getSubject())) {
            throw refused("the client assertion's iss and sub must both be the client id");
        }
        if (claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw refused("the client assertion's aud must name the token endpoint or the issuer");
        }
        Instant now = clock.instant();
        Instant exp = instant(claims.getExpirationTime());
        if (exp == null) {
            throw refused("the client assertion has no exp");
        }
        if (!now.isBefore(exp.plus(skew))) {
            throw refused("the client assertion expired " + Duration.between(exp, now).toSeconds() + " s ago");
        }
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(skew))) {
            throw refused("the client assertion's exp is more than " + MAX_LIFETIME.toMinutes() + " minutes ahead");
        }
        Instant nbf = instant(claims.getNotBeforeTime());
        Instant iat = instant(claims.getIssueTime());
        if ((nbf != null && nbf.isAfter(now.plus(skew))) || (iat != null && iat.isAfter(now.plus(skew)))) {
            throw refused("the client assertion is not valid yet (nbf or iat in the future)");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty()) {
            throw refused("the client assertion has no jti");
        }
        Duration remaining = Duration.between(now, exp.plus(skew));
        Duration window = remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining;
        if (spent.increment("client-assertion:" + client.id() + ":" + Secrets.sha256Hex(jti), window, now) > 1) {
            throw refused("the client assertion was used before (its jti was seen)");
        }
    }

    private static boolean verifiedBy(JWKSet keys, SignedJWT jwt, JWSAlgorithm alg, String kid) {
        for (JWK key : keys.getKeys()) {
            if ((kid != null && !kid.equals(key.getKeyID()))
                    || (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg))
                    || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))) {
                continue;
            }
            try {
                JWSVerifier verifier = verifier(key, alg);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key of the wrong kind for this algorithm: try the next one
            }
        }
        return false;
    }

    /** The verifier of {@code key} for {@code alg}, or null when the key is not one for it. */
    private static JWSVerifier verifier(JWK key, JWSAlgorithm alg) throws JOSEException {
        if ((alg.equals(JWSAlgorithm.RS256) || alg.equals(JWSAlgorithm.PS256)) && key instanceof RSAKey rsa
                && rsa.size() >= MIN_RSA_BITS) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        if (alg.equals(JWSAlgorithm.ES256) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        if (alg.equals(JWSAlgorithm.EdDSA) && key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return new Ed25519Verifier(okp.toPublicJWK());
        }
        return null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static NotAuthenticatedException refused(String why) {
        return new NotAuthenticatedException(ErrorCode.INVALID_CLIENT, why);
    }
}
