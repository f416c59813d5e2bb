package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One sign-in of one account on one device or client.
 *
 * <p>The session is the unit of revocation: a cookie and any tokens issued for the session end
 * together. The secret that proves it (the cookie token) is never stored, only its SHA-256.
 *
 * @param id                public identifier ({@code sid}); not a secret, safe in URLs and headers
 * @param accountId         whose session it is
 * @param tokenHash         SHA-256 (hex) of the cookie token, or null when the session has none
 * @param clientId          the client it was issued to; {@code web} for browser sign-ins
 * @param createdAt         when it started
 * @param lastUsedAt        when it was last seen (written at most once per touch interval)
 * @param idleExpiresAt     when it ends if not used again
 * @param absoluteExpiresAt when it ends whatever happens
 * @param device            user agent and address at sign-in
 * @param revokedAt         when it was revoked, or null while active
 * @param revokeReason      why, or null while active
 * @param audience          for token sessions, the audience their access tokens are for; else null
 * @param scope             for token sessions, the scope granted (space-separated), or null
 * @param authentications   what the owner proved and when; every transport reports it
 */
public record Session(String id, String accountId, String tokenHash, String clientId,
                      Instant createdAt, Instant lastUsedAt, Instant idleExpiresAt,
                      Instant absoluteExpiresAt, Device device, Instant revokedAt,
                      RevokeReason revokeReason, String audience, String scope,
                      Authentications authentications) {

    /** A session proved by a password at its start (and sessions stored before methods were recorded). */
    public Session(String id, String accountId, String tokenHash, String clientId, Instant createdAt,
                   Instant lastUsedAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Device device,
                   Instant revokedAt, RevokeReason revokeReason, String audience, String scope) {
        this(id, accountId, tokenHash, clientId, createdAt, lastUsedAt, idleExpiresAt, absoluteExpiresAt, device,
                revokedAt, revokeReason, audience, scope, null);
    }

    /** A session without a token grant (cookie sessions). */
    public Session(String id, String accountId, String tokenHash, String clientId, Instant createdAt,
                   Instant lastUsedAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Device device,
                   Instant revokedAt, RevokeReason revokeReason) {
        this(id, accountId, tokenHash, clientId, createdAt, lastUsedAt, idleExpiresAt, absoluteExpiresAt, device,
                revokedAt, revokeReason, null, null);
    }

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        device = device == null ? Device.UNKNOWN : device;
        authentications = authentications == null
                ? Authentications.of(AuthMethod.PASSWORD, createdAt) : authentications;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** The earlier of the two deadlines. */
    public Instant expiresAt() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }

    /** Not revoked and neither deadline reached at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return !isRevoked() && now.isBefore(expiresAt());
    }

    public Session touched(Instant at, Instant newIdleExpiresAt) {
        return new Session(id, accountId, tokenHash, clientId, createdAt, at, newIdleExpiresAt,
                absoluteExpiresAt, device, revokedAt, revokeReason, audience, scope, authentications);
    }

    public Session revoked(Instant at, RevokeReason reason) {
        return new Session(id, accountId, tokenHash, clientId, createdAt, lastUsedAt, idleExpiresAt,
                absoluteExpiresAt, device, at, reason, audience, scope, authentications);
    }

    /** Never prints the token hash. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", accountId=" + accountId + ", clientId=" + clientId
                + ", revoked=" + isRevoked() + "]";
    }
}
