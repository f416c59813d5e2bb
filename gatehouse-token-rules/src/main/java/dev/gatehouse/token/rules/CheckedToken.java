package dev.gatehouse.token.rules;

import java.time.Instant;
import java.util.List;

/**
 * What an access token that passed every rule says, before each side shapes it for its callers
 * (the verifier's public {@code VerifiedToken}, the server's {@code AccessTokenClaims}).
 *
 * @param issuer    {@code iss}
 * @param subject   {@code sub}
 * @param audience  {@code aud}, as a list even when the token has a single string; never empty
 * @param sessionId {@code sid}
 * @param clientId  {@code client_id}
 * @param tokenId   {@code jti}
 * @param scope     {@code scope} exactly as written, or null when the token has none
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param keyId     {@code kid} of the key that verified the signature
 * @param amr       {@code amr} (RFC 8176 method references, e.g. {@code pwd}, {@code otp},
 *                  {@code mfa}); empty when the token has none
 * @param authTime  {@code auth_time}: when the session's owner last proved who they are, or null
 * @param acr       {@code acr}: the authentication context class ({@code 1}, {@code 2}), or null
 */
public record CheckedToken(String issuer, String subject, List<String> audience, String sessionId, String clientId,
                           String tokenId, String scope, Instant issuedAt, Instant expiresAt, String keyId,
                           List<String> amr, Instant authTime, String acr) {

    /** Copies the lists, so an instance is immutable. */
    public CheckedToken {
        audience = List.copyOf(audience);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }
}
