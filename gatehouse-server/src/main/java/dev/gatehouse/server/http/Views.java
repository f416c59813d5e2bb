package dev.gatehouse.server.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.gatehouse.core.oidc.LogoutDelivery;
import dev.gatehouse.server.admin.RegistrationFields;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.key.KeyStatus;
import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.core.session.Session;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The JSON shapes of accounts, sessions, audit events, clients and signing keys. Nothing secret is ever in them. */
public final class Views {

    private Views() {
    }

    public record AccountView(String id, String username, Set<String> roles, boolean locked, Instant createdAt) {
    }

    public record SessionView(String id, String clientId, Instant createdAt, Instant lastUsedAt,
                              Instant expiresAt, Instant absoluteExpiresAt, String userAgent, String ip,
                              Boolean current, String revokeReason) {
    }

    /** {@code actor}: the administrator's username or a fixed word ({@code command-line}); absent when the account acted. */
    public record AuditView(long seq, Instant at, String type, String accountId, String username,
                            String sessionId, String ip, String detail, String actorId, String actor) {
    }

    /**
     * A registered client; its secret hash never leaves the server.
     *
     * @param registration what it is registered for, in RFC 7591's names, at the same level as the id
     */
    public record ClientView(String id, boolean confidential, Set<String> audiences, Instant createdAt,
                             @JsonUnwrapped RegistrationFields registration) {
    }

    /** A back-channel logout notice and how its delivery went; {@code state} is pending, delivered or given_up. */
    public record LogoutDeliveryView(String clientId, String sessionId, String accountId, String uri, String state,
                                     int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                                     String lastError) {
    }

    /** A published signing key: public fields only; {@code state} is published, signing or retired. */
    public record KeyView(String kid, String algorithm, String state, Instant createdAt, Instant activatesAt,
                          Instant retiredAt, Instant expiresAt, long ageSeconds) {
    }

    public static AccountView account(Account a) {
        return new AccountView(a.id(), a.username(), new TreeSet<>(a.roles()), a.locked(), a.createdAt());
    }

    public static List<AccountView> accounts(List<Account> accounts) {
        return accounts.stream().map(Views::account).toList();
    }

    /** A session; {@code currentId} marks the caller's own, or null when that does not apply. */
    public static SessionView session(Session s, String currentId) {
        return new SessionView(s.id(), s.clientId(), s.createdAt(), s.lastUsedAt(), s.expiresAt(),
                s.absoluteExpiresAt(), s.device().userAgent(), s.device().ip(),
                currentId == null ? null : s.id().equals(currentId),
                s.revokeReason() == null ? null : s.revokeReason().code());
    }

    public static List<SessionView> sessions(List<Session> sessions, String currentId) {
        return sessions.stream().map(s -> session(s, currentId)).toList();
    }

    public static AuditView audit(AuditEvent e) {
        return new AuditView(e.seq(), e.at(), e.type().name().toLowerCase(java.util.Locale.ROOT), e.accountId(),
                e.username(), e.sessionId(), e.ip(), e.detail(), e.actorId(), e.actorName());
    }

    public static List<AuditView> audit(List<AuditEvent> events) {
        return events.stream().map(Views::audit).toList();
    }

    public static ClientView client(Client c) {
        return new ClientView(c.id(), c.isConfidential(), new TreeSet<>(c.audiences()), c.createdAt(),
                RegistrationFields.of(c.registration()));
    }

    public static LogoutDeliveryView logoutDelivery(LogoutDelivery d) {
        String state = d.isDelivered() ? "delivered" : d.isGivenUp() ? "given_up" : "pending";
        return new LogoutDeliveryView(d.clientId(), d.sessionId(), d.accountId(), d.uri(), state, d.attempts(),
                d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.lastError());
    }

    public static KeyView key(KeyStatus status) {
        SigningKey k = status.key();
        return new KeyView(k.kid(), k.algorithm().name(), status.state().name().toLowerCase(java.util.Locale.ROOT),
                k.createdAt(), k.activatesAt(), k.retiredAt(), k.expiresAt(), status.age().toSeconds());
    }
}
