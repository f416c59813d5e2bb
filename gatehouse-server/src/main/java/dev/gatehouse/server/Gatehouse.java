package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.Argon2idHasher;
import dev.gatehouse.core.account.PasswordHashing;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.token.AccessTokens;
import dev.gatehouse.core.token.Clients;
import dev.gatehouse.core.token.TokenService;
import dev.gatehouse.server.config.MasterKey;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.config.TokenSettings;
import dev.gatehouse.store.sql.SqliteStores;
import java.time.Clock;
import java.util.Map;

/**
 * One assembled Gatehouse: settings, stores and the services on top of them. Used by the HTTP
 * server and by the command line alike, so both act on the same store in the same way.
 */
public final class Gatehouse implements AutoCloseable {

    private final Settings settings;
    private final Stores stores;
    private final PasswordHashing hashing;
    private final Revocations revocations;
    private final SessionService sessions;
    private final AccountService accounts;
    private final SigningKeys signingKeys;
    private final AccessTokens accessTokens;
    private final Clients clients;
    private final TokenService tokens;
    private final MasterKey masterKey;
    private final Clock clock;

    private Gatehouse(Settings settings, Stores stores, MasterKey masterKey, Clock clock) {
        TokenSettings t = settings.tokens();
        this.settings = settings;
        this.stores = stores;
        this.masterKey = masterKey;
        this.clock = clock;
        this.hashing = new PasswordHashing(new Argon2idHasher(settings.argon2()), settings.hashingThreads(),
                settings.hashingQueue());
        this.revocations = new Revocations(stores.revocations(), t.accessTokenLifetime(), t.clockSkew(), clock);
        this.sessions = new SessionService(stores.sessions(), stores.audit(), revocations, settings.sessionPolicy(), clock);
        this.accounts = new AccountService(stores.accounts(), sessions, stores.audit(), hashing, clock);
        this.signingKeys = new SigningKeys(stores.keys(), new Sealer(masterKey.derive("gatehouse signing keys v1")),
                t.keyAlgorithm(), t.jwksCacheLifetime(), t.accessTokenLifetime(), clock);
        this.accessTokens = new AccessTokens(signingKeys, t.issuer(), t.accessTokenLifetime(), t.clockSkew(), clock);
        this.clients = new Clients(stores.clients(), t.audiences(), clock);
        this.tokens = new TokenService(sessions, stores.refreshTokens(), accessTokens, revocations,
                new Sealer(masterKey.derive("gatehouse refresh grace v1")), t.refreshGrace(), stores.audit(), clock);
    }

    /** Opens the embedded store in the configured data folder. */
    public static Gatehouse open(Settings settings, Map<String, String> env, Clock clock) {
        Stores stores = SqliteStores.open(settings.dataDirectory());
        try {
            return new Gatehouse(settings, stores, MasterKey.load(env, settings.dataDirectory()), clock);
        } catch (RuntimeException e) {
            closeQuietly(stores);
            throw e;
        }
    }

    public Settings settings() {
        return settings;
    }

    public AccountService accounts() {
        return accounts;
    }

    public SessionService sessions() {
        return sessions;
    }

    public AuditLog audit() {
        return stores.audit();
    }

    public Revocations revocations() {
        return revocations;
    }

    public SigningKeys signingKeys() {
        return signingKeys;
    }

    public AccessTokens accessTokens() {
        return accessTokens;
    }

    public Clients clients() {
        return clients;
    }

    public TokenService tokens() {
        return tokens;
    }

    public PasswordHashing hashing() {
        return hashing;
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        hashing.close();
        closeQuietly(stores);
    }

    private static void closeQuietly(Stores stores) {
        try {
            stores.close();
        } catch (RuntimeException e) {
            System.getLogger(Gatehouse.class.getName()).log(System.Logger.Level.WARNING, "closing the stores failed: " + e);
        }
    }
}
