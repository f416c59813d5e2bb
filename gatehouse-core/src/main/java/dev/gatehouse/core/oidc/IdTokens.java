package dev.gatehouse.core.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.KeyMaterial;
import dev.gatehouse.core.key.KeySigner;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;

/**
 * ID tokens (OpenID Connect Core §2): signed with the same current key as access tokens, so
 * a relying party verifies them with the one JWKS, but typed {@code JWT}, never {@code at+jwt},
 * so neither can pass for the other.
 *
 * <p>What the person proved ({@code auth_time}, {@code amr}, {@code acr}) comes from the grant's
 * session, which carries its parent's proof; {@code sid} is the grant's session id, the one a
 * logout token names later. {@code at_hash} binds the token to the access token issued with it.
 */
public final class IdTokens {

    private final SigningKeys keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long an ID token is accepted; the access tokens' lifetime serves */
    public IdTokens(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs an ID token.
     *
     * @param grant       the grant's token session: its id is {@code sid}, its proof {@code amr} and the rest
     * @param nonce       the authorization request's {@code nonce}, or null
     * @param accessToken the access token issued with it, for {@code at_hash}
     * @param scope       the scopes granted, which decide the profile claims
     */
    public String issue(Account account, Session grant, String clientId, String nonce, String accessToken, String scope) {
        KeySigner signer = keys.signer();
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Authentications proof = grant.authentications();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(account.id()).audience(clientId)
                .expirationTime(Date.from(issuedAt.plus(lifetime))).issueTime(Date.from(issuedAt))
                .claim("auth_time", proof.authTime().getEpochSecond())
                .claim("amr", proof.amr()).claim("acr", proof.acr())
                .claim("sid", grant.id()).claim("azp", clientId)
                .claim("at_hash", accessTokenHash(accessToken, signer.algorithm()));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        OidcScopes.claims(account, scope).forEach(claims::claim);
        JWSHeader header = new JWSHeader.Builder(KeyMaterial.jwsAlgorithm(signer.algorithm()))
                .type(JOSEObjectType.JWT).keyID(signer.kid()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer.jwsSigner());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with key " + signer.kid(), e);
        }
        return jwt.serialize();
    }

    /**
     * {@code at_hash} (OpenID Connect Core §3.1.3.6): the left half of the access token's hash,
     * base64url. The hash is the one of the signing algorithm: SHA-256 for RS256 and ES256; for
     * EdDSA over Ed25519, SHA-512, as the OpenID Foundation's errata and the common libraries do.
     */
    static String accessTokenHash(String accessToken, KeyAlgorithm algorithm) {
        String digest = algorithm == KeyAlgorithm.EdDSA ? "SHA-512" : "SHA-256";
        try {
            byte[] hash = MessageDigest.getInstance(digest).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is part of every JDK", e);
        }
    }
}
