package dev.gatehouse.core.oidc;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.session.RevokeReason;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each account agreed to let each client have. A consent is given on the consent page and
 * grows with it (scopes are added, never silently dropped); withdrawing it ends every grant the
 * client holds for the account, so its refresh tokens stop working at once and its access
 * tokens are refused through the revocation log.
 */
public final class Consents {

    private final ConsentStore store;
    private final Grants grants;
    private final AuditLog audit;
    private final Clock clock;

    public Consents(ConsentStore store, Grants grants, AuditLog audit, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether the account agreed to every one of {@code scopes} for this client. */
    public boolean covers(String accountId, String clientId, Collection<String> scopes) {
        return store.find(accountId, clientId).filter(c -> c.covers(Set.copyOf(scopes))).isPresent();
    }

    /** Records consent to {@code scopes}, merged with what the account agreed to before. */
    public Consent grant(Account account, String clientId, Collection<String> scopes, String sessionId, String ip) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Set<String> merged = new TreeSet<>(scopes);
        store.find(account.id(), clientId).ifPresent(earlier -> merged.addAll(earlier.scopes()));
        Consent consent = new Consent(account.id(), clientId, merged, now);
        store.put(consent);
        audit.append(AuditEvent.of(now, AuditType.CONSENT_GRANTED, account.id(), account.username(), sessionId, ip,
                clientId + ": " + String.join(" ", merged)));
        return consent;
    }

    /** The account's consents, ordered by client id. */
    public List<Consent> list(String accountId) {
        return store.list(accountId);
    }

    /**
     * Withdraws a consent and ends every grant the client holds for the account.
     *
     * @return false when there was no consent to this client (nothing changes)
     */
    public boolean revoke(Account account, String clientId, String sessionId, String ip) {
        if (clientId == null || !store.delete(account.id(), clientId)) {
            return false;
        }
        int ended = grants.endHeldBy(account.id(), clientId, RevokeReason.CONSENT_REVOKED);
        audit.append(AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), AuditType.CONSENT_REVOKED,
                account.id(), account.username(), sessionId, ip, clientId + ": " + ended + " grants ended"));
        return true;
    }
}
