package dev.gatehouse.core.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.key.SigningKeys;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code id_token_hint} of RP-initiated logout (OpenID Connect RP-Initiated Logout
 * 1.0 §2): an ID token this server issued, proved by its signature under one of the published
 * signing keys and by its issuer. Its expiry is not checked: a client signs out long after its
 * ID token expired, and the hint only says which session and client the request is about; it
 * grants nothing by itself.
 */
public final class IdTokenHints {

    /** ID tokens are small; anything much larger is not one of ours. */
    private static final int MAX_LENGTH = 8 * 1024;

    /**
     * What a verified hint says.
     *
     * @param subject   the account id ({@code sub})
     * @param audience  the client ids it was issued to ({@code aud})
     * @param sessionId the grant's session ({@code sid}), or null
     */
    public record Hint(String subject, List<String> audience, String sessionId) {
    }

    private final SigningKeys keys;
    private final String issuer;

    public IdTokenHints(SigningKeys keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    /** The hint's claims if it is an ID token signed by one of the published keys; empty for anything else. */
    public Optional<Hint> read(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String kid = jwt.getHeader().getKeyID();
            Optional<JWK> key = kid == null ? Optional.empty() : keys.verificationKey(kid);
            // an access token is signed with the same keys; it is no ID token
            boolean accessToken = jwt.getHeader().getType() != null
                    && jwt.getHeader().getType().toString().toLowerCase(Locale.ROOT).endsWith("at+jwt");
            if (key.isEmpty() || accessToken || !jwt.verify(verifier(key.get()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null || claims.getAudience().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Hint(claims.getSubject(), claims.getAudience(), claims.getStringClaim("sid")));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (key) {
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }
}
