package dev.gatehouse.core.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.key.KeyMaterial;
import dev.gatehouse.core.key.KeySigner;
import dev.gatehouse.core.key.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * Signs logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) with the current key of
 * {@link SigningKeys}, the key that signs access tokens and ID tokens, so a client verifies them
 * against the same {@code /.well-known/jwks.json}.
 *
 * <p>A token names the grant's session ({@code sid}, the same {@code sid} as in the client's ID
 * token) and the account ({@code sub}); it carries the back-channel logout event, an explicit
 * type ({@code logout+jwt}, RFC 8725 §3.11, so it cannot pass for an ID token) and never a
 * {@code nonce} (the spec forbids one, again so it cannot pass for an ID token). It lives two
 * minutes: long enough for a post, and a fresh one is signed for every attempt.
 */
public final class LogoutTokens {

    /** The {@code typ} header. */
    public static final String TYPE = "logout+jwt";
    /** The one event member of the {@code events} claim. */
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final Duration LIFETIME = Duration.ofMinutes(2);
    private static final int JTI_BYTES = 16;

    private final SigningKeys keys;
    private final String issuer;
    private final Clock clock;

    /** @param issuer the {@code iss}, the issuer of the client's ID tokens */
    public LogoutTokens(SigningKeys keys, String issuer, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A signed logout token for one client about one ended grant session.
     *
     * @param clientId  its {@code aud}
     * @param accountId its {@code sub}
     * @param sessionId its {@code sid}
     */
    public String sign(String clientId, String accountId, String sessionId) {
        KeySigner signer = keys.signer();
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(clientId).subject(accountId)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(LIFETIME)))
                .jwtID(Secrets.randomToken(JTI_BYTES))
                .claim("sid", sessionId)
                .claim("events", Map.of(EVENT, Map.of()))
                .build();
        JWSHeader header = new JWSHeader.Builder(KeyMaterial.jwsAlgorithm(signer.algorithm()))
                .type(new JOSEObjectType(TYPE)).keyID(signer.kid()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer.jwsSigner());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with key " + signer.kid(), e);
        }
        return jwt.serialize();
    }
}
