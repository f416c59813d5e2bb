package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.key.KeyMaterial;
import dev.gatehouse.core.key.KeySigner;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.token.rules.AccessTokenRules;
import dev.gatehouse.token.rules.ClaimsCheck;
import dev.gatehouse.verifier.TokenRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Issues and verifies access tokens: JWTs in the RFC 9068 profile ({@code typ: at+jwt}) signed
 * with the current key of {@link SigningKeys}.
 *
 * <p>Tokens are kept small on purpose: the claims are exactly {@code iss, sub, aud, exp, iat,
 * jti, client_id, sid}, {@code scope} when there is one, and what the session proved:
 * {@code amr}, {@code auth_time} and {@code acr} (63 bytes of the token for a password, about
 * 20 more after a second factor), so a resource server can demand a second factor or a recent
 * sign-in without a call back. They ride on every API request.
 *
 * <p>Verification is Gatehouse's one rulebook ({@link AccessTokenRules}, the same rules every
 * resource server applies through the verifier): it accepts only what this class issues, signed
 * by a key this server publishes, with the algorithm that key is for. Audiences are the caller's
 * choice (the account API wants {@link Clients#ACCOUNT_AUDIENCE}, introspection the client's
 * own). It does not check revocation; the caller does, with the {@code sid} and {@code jti}.
 */
public final class AccessTokens {

    /** Verified tokens remembered, so a token seen before costs a lookup, not a signature check. */
    static final int VERIFIED_CACHE_ENTRIES = 10_000;

    static final String TYPE = "at+jwt";
    /** How the {@code sid} of a client's own token begins; a random session id may too, so {@link #isClientToken} checks more. */
    public static final String CLIENT_SESSION_PREFIX = "cc-";
    private static final int JTI_BYTES = 16;

    private final SigningKeys keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final AccessTokenRules<AccessTokenClaims> rules;

    /**
     * @param issuer    the {@code iss} of every token, and the only one accepted
     * @param lifetime  how long a token is valid; at most {@link SigningKeys#maxTokenLifetime()},
     *                  or a token could outlive the key that verifies it
     * @param clockSkew how far verifying clocks may disagree with the issuer's
     */
    public AccessTokens(SigningKeys keys, String issuer, Duration lifetime, Duration clockSkew, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("access token lifetime must be at least 1 s, got " + lifetime);
        }
        if (lifetime.compareTo(keys.maxTokenLifetime()) > 0) {
            throw new IllegalArgumentException("access token lifetime " + lifetime + " exceeds the "
                    + keys.maxTokenLifetime() + " signing keys stay published for after retirement");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative, got " + clockSkew);
        }
        this.rules = new AccessTokenRules<>(new PublishedKeys(keys), ClaimsCheck.anyAudience(issuer, clockSkew, clock),
                VERIFIED_CACHE_ENTRIES, clock, AccessTokenClaims::of);
    }

    /**
     * Signs a new access token.
     *
     * @param scope space-separated scopes, or null for none (the claim is then left out)
     * @param proof what the session proved: {@code amr}, {@code auth_time} (whole seconds, rounded
     *              down) and {@code acr}
     */
    public IssuedAccessToken issue(String subject, String sessionId, String clientId, String audience, String scope,
                                   Authentications proof) {
        Objects.requireNonNull(proof, "proof");
        return sign(subject, sessionId, clientId, audience, scope, claims -> claims
                .claim("amr", proof.amr()).claim("auth_time", proof.authTime().getEpochSecond())
                .claim("acr", proof.acr()));
    }

    /**
     * Signs an access token for a client acting on its own behalf ({@code client_credentials}):
     * the client is the subject, and no person proved anything, so {@code amr}, {@code auth_time}
     * and {@code acr} are left out. The rulebook requires a {@code sid}; such a token has no
     * session, so it gets a fresh one of its own, {@value #CLIENT_SESSION_PREFIX} and random,
     * which names no stored session and is revoked by the token's {@code jti} only.
     *
     * @param scope space-separated scopes, or null for none
     */
    public IssuedAccessToken issueForClient(String clientId, String audience, String scope) {
        requireText(clientId, "clientId");
        return sign(clientId, CLIENT_SESSION_PREFIX + Secrets.randomToken(JTI_BYTES), clientId, audience, scope,
                claims -> claims);
    }

    /**
     * Whether verified claims are those of a {@linkplain #issueForClient client's own token}: a
     * {@code sid} of that shape, the client as subject, and no proof of a person (every token of
     * an account carries {@code amr}).
     */
    public static boolean isClientToken(AccessTokenClaims claims) {
        return claims.sessionId().startsWith(CLIENT_SESSION_PREFIX) && claims.subject().equals(claims.clientId())
                && claims.amr().isEmpty() && claims.authTime() == null;
    }

    private IssuedAccessToken sign(String subject, String sessionId, String clientId, String audience, String scope,
                                   UnaryOperator<JWTClaimsSet.Builder> proof) {
        requireText(subject, "subject");
        requireText(sessionId, "sessionId");
        requireText(clientId, "clientId");
        requireText(audience, "audience");
        KeySigner signer = keys.signer();
        // JWT times are whole seconds; truncating here makes the returned times equal the claims.
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String jti = Secrets.randomToken(JTI_BYTES);
        JWTClaimsSet.Builder claims = proof.apply(new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).audience(audience)
                .expirationTime(Date.from(expiresAt)).issueTime(Date.from(issuedAt)).jwtID(jti)
                .claim("client_id", clientId).claim("sid", sessionId));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        JWSHeader header = new JWSHeader.Builder(KeyMaterial.jwsAlgorithm(signer.algorithm()))
                .type(new JOSEObjectType(TYPE)).keyID(signer.kid()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer.jwsSigner());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with key " + signer.kid(), e);
        }
        return new IssuedAccessToken(jwt.serialize(), jti, issuedAt, expiresAt);
    }

    /**
     * Checks an access token and returns its claims.
     *
     * @throws dev.gatehouse.core.error.NotAuthenticatedException with code {@code invalid_token}
     *         and a message saying which check failed (never containing the token)
     */
    public AccessTokenClaims verify(String token) {
        try {
            return rules.verify(token);
        } catch (TokenRejectedException e) {
            throw new NotAuthenticatedException(ErrorCode.INVALID_TOKEN, "access token refused: " + e.getMessage());
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
