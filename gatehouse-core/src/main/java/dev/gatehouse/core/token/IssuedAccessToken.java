package dev.gatehouse.core.token;

import java.time.Instant;

/**
 * An access token just signed.
 *
 * @param token     the compact JWS to hand to the client; a bearer credential, never logged
 * @param jti       its unique id, for revoking this one token
 * @param issuedAt  its {@code iat}, whole seconds
 * @param expiresAt its {@code exp}, whole seconds
 */
public record IssuedAccessToken(String token, String jti, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs that print records.
        return "IssuedAccessToken[jti=" + jti + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
