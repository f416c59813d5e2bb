package dev.gatehouse.core.oidc;

import java.time.Instant;
import java.util.Objects;

/**
 * One OIDC back-channel logout notice owed to a client: its grant's session ended, and a logout
 * token must be posted to its back-channel URI until the client acknowledges it or Gatehouse
 * gives up.
 *
 * @param id            random id
 * @param clientId      the client to tell
 * @param sessionId     the ended grant session; the logout token's {@code sid}
 * @param accountId     the logout token's {@code sub}
 * @param uri           where to post it (the client's back-channel logout URI when queued)
 * @param createdAt     when the session's end was seen
 * @param attempts      how many posts were tried
 * @param nextAttemptAt when the next one is due; null once delivered or given up
 * @param deliveredAt   when the client answered 200 or 204, or null
 * @param lastError     what the last failed post got (status or exception class), or null
 */
public record LogoutDelivery(String id, String clientId, String sessionId, String accountId, String uri,
                             Instant createdAt, int attempts, Instant nextAttemptAt, Instant deliveredAt,
                             String lastError) {

    public LogoutDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isDelivered() {
        return deliveredAt != null;
    }

    /** Neither delivered nor retried any more. */
    public boolean isGivenUp() {
        return deliveredAt == null && nextAttemptAt == null;
    }
}
