package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.AuthorizationCodes;
import dev.gatehouse.core.oidc.ConsentStore;
import dev.gatehouse.core.oidc.DeviceGrantStore;
import dev.gatehouse.core.oidc.GrantStore;
import dev.gatehouse.core.oidc.ClientAssertions;
import dev.gatehouse.core.oidc.ClientKeySets;
import dev.gatehouse.core.oidc.DeviceAuthorizations;
import dev.gatehouse.core.oidc.IdTokens;
import dev.gatehouse.core.oidc.Grants;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import dev.gatehouse.core.oidc.LogoutSender;
import dev.gatehouse.core.oidc.LogoutTokens;
import dev.gatehouse.core.oidc.SessionEndings;
import dev.gatehouse.core.oidc.OAuthStores;
import dev.gatehouse.core.account.Accounts;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.password.Argon2idHasher;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.throttle.SignInThrottle;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.key.SigningKeyStore;
import dev.gatehouse.core.mfa.FactorStore;
import dev.gatehouse.core.mfa.Passkeys;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.revocation.RevocationLog;
import dev.gatehouse.core.revocation.RevocationNotices;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.core.session.SessionStore;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.AccessTokens;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.config.MasterKey;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.config.TokenSettings;
import dev.gatehouse.server.log.EchoedAuditLog;
import dev.gatehouse.server.metrics.ActiveSessions;
import dev.gatehouse.server.metrics.GatehouseMetrics;
import dev.gatehouse.server.metrics.StoreTimers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One assembled Gatehouse: settings, stores and the services on top of them. Used by the HTTP
 * server and by the command line alike, so both act on the same store in the same way.
 *
 * <p>The services work on the stores as observed: every port call timed, revocations counted,
 * audit events echoed as JSON lines. Health and the active-session count read the stores
 * directly, so their own queries do not show up as store latency.
 */
public final class Gatehouse implements AutoCloseable {

    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    private final Settings settings;
    private final Stores stores;
    private final Stores observed;
    private final GatehouseMetrics metrics;
    private final Readiness readiness;
    private final ActiveSessions activeSessions;
    private final PasswordHashing hashing;
    private final Revocations revocations;
    private final Sessions sessions;
    private final Accounts accounts;
    private final SigningKeys signingKeys;
    private final Clients clients;
    private final AuditTrail auditTrail;
    private final Tokens tokens;
    private final SecondFactors secondFactors;
    private final Passkeys passkeys;
    private final Grants grants;
    private final AuthorizationCodes authorizationCodes;
    private final SessionEndings sessionEndings;
    private final LogoutSender logoutSender;
    private final IdTokens idTokens;
    private final ClientAssertions clientAssertions;
    private final DeviceAuthorizations deviceAuthorizations;
    private final MasterKey masterKey;
    private final Clock clock;

    private Gatehouse(Settings settings, Stores stores, MasterKey masterKey, Clock clock) {
        TokenSettings t = settings.tokens();
        this.settings = settings;
        this.stores = stores;
        this.masterKey = masterKey;
        this.clock = clock;
        this.metrics = new GatehouseMetrics(clock);
        this.observed = observe(stores, metrics);
        this.readiness = new Readiness(stores, READINESS_TIMEOUT);
        this.activeSessions = new ActiveSessions(stores.accounts(), stores.sessions(), clock);
        this.hashing = new PasswordHashing(new Argon2idHasher(settings.argon2()), settings.hashingThreads(),
                settings.hashingQueue());
        this.revocations = new Revocations(observed.revocations(), t.accessTokenLifetime(), t.clockSkew(), clock);
        this.sessions = new Sessions(observed.sessions(), observed.audit(), revocations, settings.sessionPolicy(),
                clock);
        SignInThrottle throttle = new SignInThrottle(observed.attempts(), settings.signInLimits(), observed.audit(), clock,
                metrics::signInRefused);
        this.accounts = new Accounts(observed.accounts(), sessions, observed.audit(), hashing, throttle, clock);
        this.signingKeys = new SigningKeys(observed.keys(), new Sealer(masterKey.derive("gatehouse signing keys v1")),
                t.keyAlgorithm(), t.jwksCacheLifetime(), t.accessTokenLifetime(), observed.audit(), clock);
        AccessTokens accessTokens = new AccessTokens(signingKeys, t.issuer(), t.accessTokenLifetime(), t.clockSkew(), clock);
        this.clients = new Clients(observed.clients(), t.audiences(), t.accessTokenLifetime(), observed.audit(), clock,
                observed.oauth().consents()::deleteForClient);
        this.tokens = new Tokens(sessions, observed.refreshTokens(), accessTokens, clients, revocations,
                new Sealer(masterKey.derive("gatehouse refresh grace v1")), t.refreshGrace(), observed.audit(), clock,
                metrics::refresh);
        this.auditTrail = new AuditTrail(observed.audit());
        this.secondFactors = new SecondFactors(observed.factors(), new Sealer(masterKey.derive("gatehouse totp secrets v1")),
                observed.attempts(), observed.audit(), settings.mfaPolicy(), "Gatehouse", clock);
        this.passkeys = new Passkeys(observed.factors(), observed.accounts(),
                new Sealer(masterKey.derive("gatehouse webauthn ceremonies v1")), observed.attempts(), observed.audit(),
                settings.webAuthn(), clock);
        this.grants = new Grants(observed.oauth().grants(), tokens, sessions, clock);
        this.authorizationCodes = new AuthorizationCodes(new Sealer(masterKey.derive("gatehouse authorization codes v1")),
                observed.attempts(), clock);
        this.sessionEndings = new SessionEndings(revocations, sessions, grants, clients, observed.oauth().logoutDeliveries(),
                clock);
        this.logoutSender = new LogoutSender(observed.oauth().logoutDeliveries(),
                new LogoutTokens(signingKeys, t.issuer(), clock), observed.audit(), clock);
        this.idTokens = new IdTokens(signingKeys, t.issuer(), t.accessTokenLifetime(), clock);
        this.clientAssertions = new ClientAssertions(new ClientKeySets(clock), observed.attempts(), t.issuer(),
                settings.publicOrigin() + "/oauth2/token", t.clockSkew(), clock);
        this.deviceAuthorizations = new DeviceAuthorizations(observed.oauth().deviceGrants(), clock);
        metrics.watch(hashing);
        metrics.watch(activeSessions);
    }

    /** The stores as the services see them: timed, revocations counted, audit events echoed. */
    private static Stores observe(Stores stores, GatehouseMetrics metrics) {
        StoreTimers timers = metrics.stores();
        return new Stores(timers.timed(AccountStore.class, "accounts", stores.accounts()),
                timers.timed(SessionStore.class, "sessions", stores.sessions()),
                new EchoedAuditLog(timers.timed(AuditLog.class, "audit", stores.audit())),
                timers.timed(SigningKeyStore.class, "keys", stores.keys()),
                timers.timed(ClientStore.class, "clients", stores.clients()),
                timers.timed(RefreshTokenStore.class, "refresh_tokens", stores.refreshTokens()),
                timers.timed(RevocationLog.class, "revocations",
                        stores.revocations().whenAppended(entry -> metrics.revocationAppended(entry.kind()))),
                stores.revocationNotices(),
                timers.timed(AttemptCounter.class, "attempts", stores.attempts()),
                timers.timed(FactorStore.class, "factors", stores.factors()),
                new OAuthStores(timers.timed(GrantStore.class, "grants", stores.oauth().grants()),
                        timers.timed(ConsentStore.class, "consents", stores.oauth().consents()),
                        timers.timed(DeviceGrantStore.class, "device_grants", stores.oauth().deviceGrants()),
                        timers.timed(LogoutDeliveryStore.class, "logout_deliveries",
                                stores.oauth().logoutDeliveries())),
                stores.closer());
    }

    /** Opens the stores the settings choose (the embedded one by default). */
    public static Gatehouse open(Settings settings, Map<String, String> env, Clock clock) {
        Stores stores = StoreFactory.open(settings.store());
        try {
            return new Gatehouse(settings, stores, MasterKey.load(env, settings.dataDirectory()), clock);
        } catch (RuntimeException e) {
            closeQuietly(stores);
            throw e;
        }
    }

    /** Deletes sign-in attempt windows that have ended, where the store keeps them (SQL). */
    public int deleteEndedAttempts() {
        return observed.attempts().deleteEnded(clock.instant());
    }

    public Settings settings() {
        return settings;
    }

    /** The stores as the services see them (timed, observed): for tests and tools that need a port directly. */
    public Stores stores() {
        return observed;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Sessions sessions() {
        return sessions;
    }

    public AuditLog audit() {
        return observed.audit();
    }

    /** Reading the audit log: filtered pages, an account's recent security events. */
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    public Revocations revocations() {
        return revocations;
    }

    /** Notices of appends to the revocation log, by this node or any other sharing the store. */
    public RevocationNotices revocationNotices() {
        return observed.revocationNotices();
    }

    public SigningKeys signingKeys() {
        return signingKeys;
    }

    public Clients clients() {
        return clients;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Authenticator apps and recovery codes; which factors an account has. */
    public SecondFactors secondFactors() {
        return secondFactors;
    }

    /** The shared attempt counter (throttles, sign-in challenges), as the services see it. */
    public AttemptCounter attempts() {
        return observed.attempts();
    }

    /** Passkeys: registering, signing in with them, listing, renaming, removing. */
    public Passkeys passkeys() {
        return passkeys;
    }

    /** Client grants (OAuth / OpenID Connect), each belonging to the browser session that approved it. */
    public Grants grants() {
        return grants;
    }

    public AuthorizationCodes authorizationCodes() {
        return authorizationCodes;
    }

    /** Follows the revocation log: ends the grants of ended sessions, queues back-channel logout notices. */
    public SessionEndings sessionEndings() {
        return sessionEndings;
    }

    /** Posts the queued back-channel logout notices. */
    public LogoutSender logoutSender() {
        return logoutSender;
    }

    /** ID tokens of the OpenID provider. */
    public IdTokens idTokens() {
        return idTokens;
    }

    /** {@code private_key_jwt} client authentication at the token endpoint. */
    public ClientAssertions clientAssertions() {
        return clientAssertions;
    }

    /** The device authorization grant, the device's side (codes, polling). */
    public DeviceAuthorizations deviceAuthorizations() {
        return deviceAuthorizations;
    }

    /** The OpenID provider's stores: consents, device authorizations, back-channel logout deliveries. */
    public OAuthStores oauthStores() {
        return observed.oauth();
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

    /** This instance's meters. */
    public GatehouseMetrics metrics() {
        return metrics;
    }

    /** Whether the stores answer. */
    public Readiness readiness() {
        return readiness;
    }

    /** The cached count of active sessions behind the gauge; counted on the server's schedule. */
    public ActiveSessions activeSessions() {
        return activeSessions;
    }

    @Override
    public void close() {
        logoutSender.close();
        hashing.close();
        metrics.close();
        closeQuietly(stores);
    }

    private static void closeQuietly(Stores stores) {
        try {
            stores.close();
        } catch (RuntimeException e) {
            System.getLogger(Gatehouse.class.getName()).log(System.Logger.Level.WARNING, "closing the stores failed: " + e.getClass().getName());
        }
    }
}
