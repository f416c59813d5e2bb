package dev.gatehouse.core.token;

import java.time.Instant;

/**
 * What a verified access token says (RFC 9068). Whether its session or id has been revoked is
 * not part of verification: the caller checks that against the revocation log.
 *
 * @param subject   {@code sub}: the account id
 * @param sessionId {@code sid}: the session the token belongs to
 * @param clientId  {@code client_id}
 * @param audience  {@code aud}: the one resource server it is meant for
 * @param scope     {@code scope}, space-separated, or null when the token carries none
 * @param jti       {@code jti}
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 */
public record AccessTokenClaims(String subject, String sessionId, String clientId, String audience, String scope,
                                String jti, Instant issuedAt, Instant expiresAt) {
}
