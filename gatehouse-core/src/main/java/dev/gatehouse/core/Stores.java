package dev.gatehouse.core;

import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.key.SigningKeyStore;
import dev.gatehouse.core.memory.InMemoryAccountStore;
import dev.gatehouse.core.memory.InMemoryAttemptCounter;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryClientStore;
import dev.gatehouse.core.memory.InMemoryFactorStore;
import dev.gatehouse.core.mfa.FactorStore;
import dev.gatehouse.core.oidc.OAuthStores;
import dev.gatehouse.core.memory.InMemoryRefreshTokenStore;
import dev.gatehouse.core.memory.InMemoryRevocationLog;
import dev.gatehouse.core.memory.InMemorySessionStore;
import dev.gatehouse.core.memory.InMemorySigningKeyStore;
import dev.gatehouse.core.revocation.InProcessRevocationNotices;
import dev.gatehouse.core.revocation.RevocationLog;
import dev.gatehouse.core.revocation.RevocationNotices;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.token.RefreshTokenStore;

/**
 * The set of storage ports one Gatehouse instance uses, and what to close when it stops.
 *
 * @param accounts accounts and password hashes
 * @param sessions sessions
 * @param audit    audit events
 * @param keys     signing keys (private parts sealed)
 * @param clients  registered clients
 * @param refreshTokens refresh-token lineages of sessions
 * @param revocations   the revocation log verifiers follow
 * @param revocationNotices notices of appends to that log, by any node sharing it
 * @param attempts      attempt counts for sign-in throttling, shared by every node on the store
 * @param factors       accounts' second factors: TOTP secrets, recovery codes, passkeys
 * @param oauth         the OpenID provider's grants, consents, device authorizations, logout deliveries
 * @param closer   releases connections and files; called once on shutdown
 */
public record Stores(AccountStore accounts, SessionStore sessions, AuditLog audit, SigningKeyStore keys,
                     ClientStore clients, RefreshTokenStore refreshTokens, RevocationLog revocations,
                     RevocationNotices revocationNotices, AttemptCounter attempts, FactorStore factors,
                     OAuthStores oauth, Runnable closer)
        implements AutoCloseable {

    /** Stores that keep everything in memory and lose it on exit. For tests. */
    public static Stores inMemory() {
        InMemorySessionStore sessions = new InMemorySessionStore();
        InProcessRevocationNotices notices = new InProcessRevocationNotices();
        return new Stores(new InMemoryAccountStore(), sessions, new InMemoryAuditLog(),
                new InMemorySigningKeyStore(), new InMemoryClientStore(), new InMemoryRefreshTokenStore(sessions),
                notices.announcing(new InMemoryRevocationLog()), notices, new InMemoryAttemptCounter(),
                new InMemoryFactorStore(), OAuthStores.inMemory(), () -> { });
    }

    @Override
    public void close() {
        closer.run();
    }
}
