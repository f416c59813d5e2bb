package dev.gatehouse.core.token;

import dev.gatehouse.token.rules.CheckedToken;
import java.time.Instant;
import java.util.List;

/**
 * What a verified access token says (RFC 9068). Whether its session or id has been revoked is
 * not part of verification: the caller checks that against the revocation log.
 *
 * @param subject   {@code sub}: the account id
 * @param sessionId {@code sid}: the session the token belongs to
 * @param clientId  {@code client_id}
 * @param audience  {@code aud}: the resource servers it is meant for (Gatehouse issues one)
 * @param scope     {@code scope}, space-separated, or null when the token carries none
 * @param jti       {@code jti}
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param amr       {@code amr}: RFC 8176 values of what the session proved; empty when the token does not say
 * @param authTime  {@code auth_time}: when the session's owner last proved who they are, or null
 * @param acr       {@code acr}, or null when the token does not say
 */
public record AccessTokenClaims(String subject, String sessionId, String clientId, List<String> audience, String scope,
                                String jti, Instant issuedAt, Instant expiresAt, List<String> amr, Instant authTime,
                                String acr) {

    /** Copies the lists, so an instance is immutable. */
    public AccessTokenClaims {
        audience = List.copyOf(audience);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    static AccessTokenClaims of(CheckedToken t) {
        return new AccessTokenClaims(t.subject(), t.sessionId(), t.clientId(), t.audience(), t.scope(), t.tokenId(),
                t.issuedAt(), t.expiresAt(), t.amr(), t.authTime(), t.acr());
    }

    /** Whether {@code aud} names this audience (a token may name several; this is the rule for each). */
    public boolean isFor(String audience) {
        return this.audience.contains(audience);
    }
}
