package dev.gatehouse.server.http;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.server.Gatehouse;
import dev.gatehouse.server.config.ConnectionLimits;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.admin.AdminEndpoints;
import dev.gatehouse.server.admin.AuditEndpoint;
import dev.gatehouse.server.admin.ClientAdminEndpoints;
import dev.gatehouse.server.admin.KeyAdminEndpoints;
import dev.gatehouse.server.admin.Overview;
import dev.gatehouse.server.ops.HealthEndpoint;
import dev.gatehouse.server.signin.LoginEndpoint;
import dev.gatehouse.server.signin.LoginMfaEndpoint;
import dev.gatehouse.server.signin.SecondStep;
import dev.gatehouse.server.signin.SignInAnswer;
import dev.gatehouse.server.signin.SignInChallenges;
import dev.gatehouse.server.passkey.PasskeyEndpoints;
import dev.gatehouse.server.passkey.PasskeySignInEndpoints;
import dev.gatehouse.server.signin.LogoutEndpoint;
import dev.gatehouse.server.account.FactorsEndpoints;
import dev.gatehouse.server.account.MeEndpoint;
import dev.gatehouse.server.ops.MetricsEndpoint;
import dev.gatehouse.server.account.PasswordEndpoint;
import dev.gatehouse.server.signin.RefreshEndpoint;
import dev.gatehouse.server.feed.RevocationsEndpoints;
import dev.gatehouse.server.oauth.WellKnownEndpoints;
import dev.gatehouse.server.oauth.TokenEndpoints;
import dev.gatehouse.server.oidc.UserinfoEndpoint;
import dev.gatehouse.server.account.SessionsEndpoints;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.ClientAuthentication;
import dev.gatehouse.server.auth.Csrf;
import dev.gatehouse.server.auth.SignIn;
import dev.gatehouse.server.auth.TokenTransport;
import dev.gatehouse.server.feed.RevocationFeed;
import dev.gatehouse.server.feed.StreamSlots;
import dev.gatehouse.server.forwardauth.VerifyEndpoint;
import dev.gatehouse.server.pages.AccountPage;
import dev.gatehouse.server.pages.AccountPasskeys;
import dev.gatehouse.server.pages.Assets;
import dev.gatehouse.server.pages.ErrorPage;
import dev.gatehouse.server.pages.Pages;
import dev.gatehouse.server.pages.admin.AdminAccess;
import dev.gatehouse.server.pages.admin.AdminAccountsPage;
import dev.gatehouse.server.pages.admin.AdminAuditPage;
import dev.gatehouse.server.pages.admin.AdminClientsPage;
import dev.gatehouse.server.pages.admin.AdminKeysPage;
import dev.gatehouse.server.pages.admin.AdminOverviewPage;
import dev.gatehouse.server.pages.LoginPage;
import dev.gatehouse.server.pages.SecondFactorPage;
import dev.gatehouse.server.pages.SignInEnrolmentPage;
import dev.gatehouse.server.pages.TwoStepPages;
import dev.gatehouse.server.pages.StepUp;
import dev.gatehouse.server.pages.StepUpPage;
import dev.gatehouse.server.log.AccessLog;
import dev.gatehouse.core.oidc.Consents;
import dev.gatehouse.server.oidc.AuthorizeEndpoint;
import dev.gatehouse.server.oidc.ConsentPage;
import dev.gatehouse.server.oidc.DevicePage;
import dev.gatehouse.server.oidc.EndSessionEndpoint;
import dev.gatehouse.core.oidc.IdTokenHints;
import dev.gatehouse.server.account.ConsentsEndpoints;
import dev.gatehouse.server.pages.AccountApps;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import dev.gatehouse.server.oidc.BackchannelLogout;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The HTTP face of a {@link Gatehouse}: every route, in one table, on one Helidon web server
 * (a virtual thread per request, blocking handlers). One filter in front of all routes gives each
 * request its id, times it by route template and writes its access-log line; the next reads the
 * request's body, within the read timeout.
 */
public final class GatehouseServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GatehouseServer.class.getName());
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
    private static final Duration SESSION_COUNT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration LISTENER_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** How long delivered and abandoned back-channel logout notices stay listed for administrators. */
    private static final Duration FINISHED_DELIVERIES_KEPT = Duration.ofDays(7);

    private final WebServer server;
    private final HeaderDeadlines headerDeadlines;
    private final ListenerWatch listenerWatch;
    private final ScheduledExecutorService maintenance;
    private final RevocationFeed feed;
    private final BackchannelLogout backchannelLogout;
    private final List<Route> routes;

    private GatehouseServer(WebServer server, HeaderDeadlines headerDeadlines, ListenerWatch listenerWatch,
                            ScheduledExecutorService maintenance, RevocationFeed feed,
                            BackchannelLogout backchannelLogout, List<Route> routes) {
        this.server = server;
        this.backchannelLogout = backchannelLogout;
        this.routes = List.copyOf(routes);
        this.headerDeadlines = headerDeadlines;
        this.listenerWatch = listenerWatch;
        this.maintenance = maintenance;
        this.feed = feed;
    }

    /** Starts serving; returns once the port is bound. */
    public static GatehouseServer start(Gatehouse gatehouse) {
        Settings settings = gatehouse.settings();
        DirectHandler problems = new ProblemDirectHandler();
        DirectHandlers.Builder direct = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            direct.addHandler(type, problems);
        }
        gatehouse.signingKeys().ensureKey();
        RevocationFeed feed = new RevocationFeed(gatehouse.revocations(), gatehouse.revocationNotices());
        HeaderDeadlines headerDeadlines = new HeaderDeadlines(settings.connections().readTimeout());
        List<Route> table = new ArrayList<>();
        WebServer server = listener(settings, headerDeadlines)
                .directHandlers(direct.build())
                .routing(routing -> table.addAll(routes(routing, gatehouse, feed)))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            // Helidon logs the cause and returns a stopped server instead of throwing
            headerDeadlines.close();
            feed.close();
            throw new IllegalStateException("could not listen on " + settings.host() + ":" + settings.port()
                    + "; is the port in use?");
        }
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        maintenance.scheduleWithFixedDelay(() -> maintain(gatehouse), MAINTENANCE_INTERVAL.toSeconds(),
                MAINTENANCE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(() -> countSessions(gatehouse), 0, SESSION_COUNT_INTERVAL.toSeconds(),
                TimeUnit.SECONDS);
        BackchannelLogout backchannelLogout = BackchannelLogout.start(gatehouse.sessionEndings(), gatehouse.logoutSender(),
                gatehouse.revocationNotices());
        ListenerWatch listenerWatch = new ListenerWatch(settings.host(), server.port(), LISTENER_CHECK_INTERVAL);
        return new GatehouseServer(server, headerDeadlines, listenerWatch, maintenance, feed, backchannelLogout, table);
    }

    /**
     * The listener: where it listens, how many connections it serves at once (the rest wait in the
     * kernel's backlog, see {@link ConnectionLimits}) and how long a client may hold one. A request
     * line must come within the idle timeout (the web server's own check, run every quarter of it),
     * its headers within the read timeout ({@link HeaderDeadlines}), its body within the read
     * timeout again ({@link Bodies}, a filter).
     */
    private static WebServerConfig.Builder listener(Settings settings, HeaderDeadlines headerDeadlines) {
        ConnectionLimits limits = settings.connections();
        Duration idleCheckPeriod = Duration.ofMillis(Math.clamp(limits.idleTimeout().toMillis() / 4, 250, 30_000));
        return WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.maxBodyBytes())
                .maxTcpConnections(limits.maxConnections())
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(idleCheckPeriod)
                .addProtocol(Http1Config.builder().addReceiveListener(headerDeadlines).build());
    }

    private static List<Route> routes(HttpRouting.Builder r, Gatehouse g, RevocationFeed feed) {
        Settings settings = g.settings();
        ClientAddress clientAddress = new ClientAddress(settings.trustedProxies());
        Csrf csrf = new Csrf(settings.publicOrigin(), g.masterKey().derive("gatehouse form tokens v1"));
        Authenticator authenticator = new Authenticator(g.sessions(), g.accounts(), g.tokens(), csrf);
        SignIn signIn = new SignIn(g.accounts(), g.sessions(), settings.sessionPolicy(), clientAddress, g.metrics(),
                g.clock());
        TokenTransport transport = new TokenTransport(settings.sessionPolicy(), g.clock());
        StepUp stepUp = new StepUp(g.secondFactors(), settings.pages().reauthAfter(), g.clock());
        SecondStep secondStep = new SecondStep(new SignInChallenges(g.masterKey().derive("gatehouse sign-in challenges v1"),
                g.attempts(), g.clock()), g.secondFactors(), g.passkeys(), g.accounts(), g.clock());
        SignInAnswer signInAnswer = new SignInAnswer(signIn, g.clients(), g.tokens(), transport);
        PasskeyEndpoints passkeys = new PasskeyEndpoints(authenticator, g.passkeys(), g.secondFactors(), signIn, stepUp);
        PasskeySignInEndpoints passkeySignIn = new PasskeySignInEndpoints(g.passkeys(), signIn, signInAnswer, g.clock());
        WellKnownEndpoints wellKnown = new WellKnownEndpoints(g.signingKeys(), settings.tokens().jwksCacheLifetime(),
                settings.tokens().issuer(), settings.publicOrigin(), settings.tokens().keyAlgorithm());
        RevocationsEndpoints revocations = new RevocationsEndpoints(g.revocations(), feed,
                new StreamSlots(settings.revocationStreams()));
        SessionsEndpoints sessions = new SessionsEndpoints(authenticator, g.sessions());
        AdminEndpoints admin = new AdminEndpoints(authenticator, g.accounts(), g.sessions(), g.auditTrail(),
                g.secondFactors());
        ClientAdminEndpoints adminClients = new ClientAdminEndpoints(authenticator, g.clients(),
                g.oauthStores().logoutDeliveries());
        KeyAdminEndpoints adminKeys = new KeyAdminEndpoints(authenticator, g.signingKeys());
        Overview overview = new Overview(authenticator, g.activeSessions(), g.metrics(), g.accounts(), g.signingKeys());
        Pages pages = new Pages(settings.pages().returnOrigins(), g.clock());
        ErrorPage errorPages = new ErrorPage(pages);
        LoginPage loginPage = new LoginPage(pages, signIn, secondStep, csrf, settings.pages().returnOrigins());
        SecondFactorPage secondFactorPage = new SecondFactorPage(pages, signIn, secondStep, csrf);
        SignInEnrolmentPage enrolmentPage = new SignInEnrolmentPage(pages, signIn, secondStep, secondFactorPage, csrf);
        TwoStepPages twoStepPages = new TwoStepPages(pages, authenticator, g.secondFactors(), signIn, csrf, stepUp,
                g.masterKey().derive("gatehouse totp enrolment forms v1"));
        AccountPasskeys accountPasskeys = new AccountPasskeys(authenticator, g.passkeys(), signIn, csrf, stepUp);
        Consents consents = new Consents(g.oauthStores().consents(), g.grants(), g.audit(), g.clock());
        AccountApps accountApps = new AccountApps(authenticator, consents, g.clients(), signIn, csrf);
        AccountPage accountPage = new AccountPage(pages, authenticator, g.sessions(), g.accounts(), g.auditTrail(), signIn,
                csrf, twoStepPages, accountPasskeys, accountApps);
        StepUpPage stepUpPage = new StepUpPage(pages, authenticator, csrf, signIn, g.secondFactors(), g.passkeys(),
                g.sessions(), g.grants(), settings.pages().returnOrigins());
        AdminAccess adminAccess = new AdminAccess(authenticator, csrf, stepUp);
        AdminAccountsPage adminAccountsPage = new AdminAccountsPage(pages, adminAccess, g.accounts(), g.sessions(),
                g.secondFactors());
        AdminClientsPage adminClientsPage = new AdminClientsPage(pages, adminAccess, g.clients(),
                g.oauthStores().logoutDeliveries());
        AdminKeysPage adminKeysPage = new AdminKeysPage(pages, adminAccess, g.signingKeys());
        HealthEndpoint health = new HealthEndpoint(g.readiness());
        ConsentPage consentPage = new ConsentPage(pages, authenticator, csrf, consents, signIn);
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(g.clients(), authenticator, consents, g.authorizationCodes(),
                consentPage, settings.tokens().issuer(), g.clock());
        consentPage.completes(authorize);
        pages.returnTargets(authorize::formTargetOf);
        DevicePage devicePage = new DevicePage(pages, authenticator, csrf, g.oauthStores().deviceGrants(), g.clients(),
                g.attempts(), g.audit(), signIn, g.clock());
        EndSessionEndpoint endSession = new EndSessionEndpoint(pages, authenticator, csrf, g.clients(),
                new IdTokenHints(g.signingKeys(), settings.tokens().issuer()), g.grants(), g.sessions());

        r.addFilter(new RequestObserver(g.metrics().requests(), settings.accessLog() ? new AccessLog() : null,
                clientAddress, g.clock()));
        r.addFilter(new Bodies(settings.connections().readTimeout()));
        Table t = new Table(r);
        t.only("/health", Method.GET, health::live);
        t.only("/health/live", Method.GET, health::live);
        t.only("/health/ready", Method.GET, health::ready);
        t.only("/metrics", Method.GET, new MetricsEndpoint(g.metrics()));
        t.only("/v1/login", Method.POST, new LoginEndpoint(signIn, secondStep, signInAnswer));
        LoginMfaEndpoint loginMfa = new LoginMfaEndpoint(secondStep, signInAnswer, signIn);
        t.only("/v1/login/mfa", Method.POST, loginMfa);
        t.only("/v1/login/mfa/passkey-options", Method.POST, loginMfa::passkeyOptions);
        t.only("/v1/refresh", Method.POST, new RefreshEndpoint(g.tokens(), transport));
        t.only("/v1/logout", Method.POST, new LogoutEndpoint(authenticator, g.sessions()));
        t.only("/v1/me", Method.GET, new MeEndpoint(authenticator));
        t.only("/v1/password", Method.POST, new PasswordEndpoint(authenticator, g.accounts(), signIn));
        FactorsEndpoints factors = new FactorsEndpoints(authenticator, g.secondFactors(), stepUp);
        t.only("/v1/factors", Method.GET, factors::list);
        t.on("/v1/factors/totp", Method.POST, factors::startTotp).on("/v1/factors/totp", Method.DELETE, factors::removeTotp)
                .otherMethodsRefused("/v1/factors/totp");
        t.only("/v1/factors/totp/confirm", Method.POST, factors::confirmTotp);
        t.only("/v1/factors/recovery-codes", Method.POST, factors::newRecoveryCodes);
        // the fixed paths first: /v1/passkeys/{id} would match them too
        t.only("/v1/passkeys/registration-options", Method.POST, passkeys::registrationOptions);
        t.only("/v1/passkeys/sign-in-options", Method.POST, passkeySignIn::options);
        t.only("/v1/passkeys/sign-in", Method.POST, passkeySignIn::signIn);
        t.on("/v1/passkeys", Method.GET, passkeys::list).on("/v1/passkeys", Method.POST, passkeys::register)
                .otherMethodsRefused("/v1/passkeys");
        t.on("/v1/passkeys/{id}", Method.PATCH, passkeys::rename).on("/v1/passkeys/{id}", Method.DELETE, passkeys::remove)
                .otherMethodsRefused("/v1/passkeys/{id}");
        VerifyEndpoint verify = new VerifyEndpoint(authenticator, g.clock());
        t.on("/v1/verify", Method.GET, verify).on("/v1/verify", Method.HEAD, verify).otherMethodsRefused("/v1/verify");
        t.on("/v1/sessions", Method.GET, sessions::list).on("/v1/sessions", Method.DELETE, sessions::revokeAll)
                .otherMethodsRefused("/v1/sessions");
        t.only("/v1/sessions/{sid}", Method.DELETE, sessions::revokeOne);
        ConsentsEndpoints consentsApi = new ConsentsEndpoints(authenticator, consents, accountApps, signIn);
        t.only("/v1/consents", Method.GET, consentsApi::list);
        t.only("/v1/consents/{client_id}", Method.DELETE, consentsApi::revoke);
        t.on("/v1/admin/accounts", Method.GET, admin::listAccounts).on("/v1/admin/accounts", Method.POST, admin::createAccount)
                .otherMethodsRefused("/v1/admin/accounts");
        t.only("/v1/admin/accounts/{username}/lock", Method.POST, admin::lock);
        t.only("/v1/admin/accounts/{username}/unlock", Method.POST, admin::unlock);
        t.on("/v1/admin/accounts/{username}/sessions", Method.GET, admin::accountSessions)
                .on("/v1/admin/accounts/{username}/sessions", Method.DELETE, admin::revokeAccountSessions)
                .otherMethodsRefused("/v1/admin/accounts/{username}/sessions");
        t.only("/v1/admin/accounts/{username}/password", Method.POST, admin::resetPassword);
        t.only("/v1/admin/accounts/{username}/roles", Method.PUT, admin::setRoles);
        t.only("/v1/admin/accounts/{username}/events", Method.GET, admin::accountEvents);
        t.on("/v1/admin/accounts/{username}/factors", Method.GET, admin::accountFactors)
                .on("/v1/admin/accounts/{username}/factors", Method.DELETE, admin::resetAccountFactors)
                .otherMethodsRefused("/v1/admin/accounts/{username}/factors");
        t.only("/v1/admin/audit", Method.GET, new AuditEndpoint(authenticator, g.accounts(), g.auditTrail()));
        t.on("/v1/admin/clients", Method.GET, adminClients::list).on("/v1/admin/clients", Method.POST, adminClients::create)
                .otherMethodsRefused("/v1/admin/clients");
        t.on("/v1/admin/clients/{id}", Method.GET, adminClients::show).on("/v1/admin/clients/{id}", Method.PUT, adminClients::update)
                .on("/v1/admin/clients/{id}", Method.DELETE, adminClients::delete).otherMethodsRefused("/v1/admin/clients/{id}");
        t.only("/v1/admin/logout-deliveries", Method.GET, adminClients::logoutDeliveries);
        t.only("/v1/admin/keys", Method.GET, adminKeys::list);
        t.only("/v1/admin/keys/rotate", Method.POST, adminKeys::rotate);
        t.only("/v1/admin/overview", Method.GET, overview);
        ClientAuthentication registeredClients = new ClientAuthentication(g.clients());
        t.only("/v1/revocations", Method.GET, registeredClients.require(revocations::page));
        t.only("/v1/revocations/stream", Method.GET, registeredClients.require(revocations::stream));
        t.only("/.well-known/jwks.json", Method.GET, wellKnown::jwks);
        t.only("/.well-known/oauth-authorization-server", Method.GET, wellKnown::metadata);
        t.only("/.well-known/openid-configuration", Method.GET, wellKnown::metadata);
        TokenEndpoints tokenEndpoints = new TokenEndpoints(g, transport);
        t.only("/oauth2/token", Method.POST, tokenEndpoints.token());
        t.only("/oauth2/device_authorization", Method.POST, tokenEndpoints.deviceAuthorization());
        UserinfoEndpoint userinfo = new UserinfoEndpoint(g.tokens(), g.accounts());
        t.on("/oauth2/userinfo", Method.GET, userinfo).on("/oauth2/userinfo", Method.POST, userinfo)
                .otherMethodsRefused("/oauth2/userinfo");
        t.only("/oauth2/introspect", Method.POST, tokenEndpoints.introspection());
        t.only("/oauth2/revoke", Method.POST, tokenEndpoints.revocation());
        t.on(AuthorizeEndpoint.PATH, Method.GET, authorize::handle).on(AuthorizeEndpoint.PATH, Method.POST, authorize::handle)
                .otherMethodsRefused(AuthorizeEndpoint.PATH);
        t.only(ConsentPage.PATH, Method.POST, consentPage::submit);
        t.on(DevicePage.PATH, Method.GET, devicePage::show).on(DevicePage.PATH, Method.POST, devicePage::submit)
                .otherMethodsRefused(DevicePage.PATH);
        t.on(EndSessionEndpoint.PATH, Method.GET, endSession::handle).on(EndSessionEndpoint.PATH, Method.POST, endSession::handle)
                .otherMethodsRefused(EndSessionEndpoint.PATH);
        t.on("/login", Method.GET, loginPage::show).on("/login", Method.POST, loginPage::submit).otherMethodsRefused("/login");
        t.on(SecondFactorPage.PATH, Method.GET, secondFactorPage::show)
                .on(SecondFactorPage.PATH, Method.POST, secondFactorPage::submit).otherMethodsRefused(SecondFactorPage.PATH);
        t.only(SecondFactorPage.PATH + "/passkey-options", Method.POST, secondFactorPage::passkeyOptions);
        t.on(SignInEnrolmentPage.PATH, Method.GET, enrolmentPage::show)
                .on(SignInEnrolmentPage.PATH, Method.POST, enrolmentPage::confirm).otherMethodsRefused(SignInEnrolmentPage.PATH);
        t.only("/login/enrol/finish", Method.POST, enrolmentPage::finish);
        t.on("/step-up", Method.GET, stepUpPage::show).on("/step-up", Method.POST, stepUpPage::submit)
                .otherMethodsRefused("/step-up");
        t.only("/step-up/passkey-options", Method.POST, stepUpPage::passkeyOptions);
        t.only("/account", Method.GET, accountPage::show);
        t.only("/account/two-step/app", Method.POST, twoStepPages::startApp);
        t.only("/account/two-step/app/confirm", Method.POST, twoStepPages::confirmApp);
        t.only("/account/two-step/app/remove", Method.POST, twoStepPages::removeApp);
        t.only("/account/two-step/recovery-codes", Method.POST, twoStepPages::newRecoveryCodes);
        t.only("/account/sessions/revoke", Method.POST, accountPage::revoke);
        t.only("/account/sessions/revoke-all", Method.POST, accountPage::revokeAll);
        t.only("/account/sessions/revoke-others", Method.POST, accountPage::revokeOthers);
        t.only("/account/sign-out", Method.POST, accountPage::signOut);
        t.only("/account/password", Method.POST, accountPage::changePassword);
        t.only("/account/passkeys/rename", Method.POST, accountPasskeys::rename);
        t.only("/account/passkeys/remove", Method.POST, accountPasskeys::remove);
        t.only("/account/apps/revoke", Method.POST, accountApps::revoke);
        t.only("/admin", Method.GET, new AdminOverviewPage(pages, adminAccess, overview)::show);
        t.on("/admin/accounts", Method.GET, adminAccountsPage::list).on("/admin/accounts", Method.POST, adminAccountsPage::create)
                .otherMethodsRefused("/admin/accounts");
        t.only("/admin/accounts/{username}", Method.GET, adminAccountsPage::show);
        t.only("/admin/accounts/{username}/lock", Method.POST, adminAccountsPage::lock);
        t.only("/admin/accounts/{username}/unlock", Method.POST, adminAccountsPage::unlock);
        t.only("/admin/accounts/{username}/password", Method.POST, adminAccountsPage::setPassword);
        t.only("/admin/accounts/{username}/roles", Method.POST, adminAccountsPage::setRoles);
        t.only("/admin/accounts/{username}/factors/reset", Method.POST, adminAccountsPage::resetFactors);
        t.only("/admin/accounts/{username}/sessions/revoke", Method.POST, adminAccountsPage::revokeSession);
        t.only("/admin/accounts/{username}/sessions/revoke-all", Method.POST, adminAccountsPage::revokeSessions);
        t.only("/admin/audit", Method.GET, new AdminAuditPage(pages, adminAccess, g.auditTrail(), g.accounts())::show);
        t.only("/admin/keys", Method.GET, adminKeysPage::show);
        t.only("/admin/keys/rotate", Method.POST, adminKeysPage::rotate);
        t.on("/admin/clients", Method.GET, adminClientsPage::show).on("/admin/clients", Method.POST, adminClientsPage::create)
                .otherMethodsRefused("/admin/clients");
        t.only("/admin/clients/{id}", Method.GET, adminClientsPage::detail);
        t.only("/admin/clients/{id}/delete", Method.POST, adminClientsPage::delete);
        Assets assets = new Assets();
        t.only("/assets/gatehouse.css", Method.GET, assets::stylesheet);
        t.only("/assets/passkeys.js", Method.GET, assets::passkeysScript);
        t.on("/", Method.GET, (req, res) -> res.header(HeaderNames.LOCATION, "/account").status(Status.SEE_OTHER_303).send());
        r.any((req, res) -> {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no such endpoint: " + req.prologue().method().text()
                    + " " + req.path().path());
        });
        ErrorMapping.register(r, errorPages);
        return t.routes();
    }

    /** One route of the table: a method on a path template such as {@code /v1/sessions/{sid}}. */
    public record Route(Method method, String path) {
    }

    /**
     * The route table as it is built: every route registered on the routing is also remembered, so
     * the table can be listed ({@link #routes()}) and the methods a path allows are the ones it has.
     */
    private static final class Table {
        private final HttpRouting.Builder routing;
        private final List<Route> routes = new ArrayList<>();

        Table(HttpRouting.Builder routing) {
            this.routing = routing;
        }

        Table on(String path, Method method, Handler handler) {
            routing.route(method, path, handler);
            routes.add(new Route(method, path));
            return this;
        }

        /** Any method on {@code path} that the table does not have for it is 405. */
        void otherMethodsRefused(String path) {
            allowOnly(routing, path, routes.stream().filter(r -> r.path().equals(path)).map(r -> r.method().text())
                    .collect(Collectors.joining(", ")));
        }

        /** {@code method} is the one route on {@code path}; others are 405. */
        void only(String path, Method method, Handler handler) {
            on(path, method, handler).otherMethodsRefused(path);
        }

        List<Route> routes() {
            return List.copyOf(routes);
        }
    }

    /** Any other method on a known path is 405 with the methods it does allow. */
    private static void allowOnly(HttpRouting.Builder r, String path, String allowed) {
        r.any(path, (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            throw new NotFoundException(ErrorCode.METHOD_NOT_ALLOWED, "this endpoint allows " + allowed);
        });
    }

    /** Housekeeping: rotate and retire keys on schedule, drop what has expired or ended. */
    private static void maintain(Gatehouse gatehouse) {
        try {
            gatehouse.signingKeys().maintain(gatehouse.settings().tokens().keyRotationInterval());
            int sessions = gatehouse.sessions().deleteExpired();
            int revocations = gatehouse.revocations().deleteForgotten();
            gatehouse.tokens().dropExpiredGraceCopies();
            int attempts = gatehouse.deleteEndedAttempts();
            Instant now = gatehouse.clock().instant();
            gatehouse.oauthStores().logoutDeliveries().deleteFinishedBefore(now.minus(FINISHED_DELIVERIES_KEPT));
            gatehouse.oauthStores().deviceGrants().deleteExpired(now);
            // No grant's session outlives the policy's absolute lifetime, whatever the client asked for.
            gatehouse.oauthStores().grants().deleteCreatedBefore(
                    now.minus(gatehouse.settings().sessionPolicy().absoluteTimeout()));
            LOG.log(Level.DEBUG, "deleted " + sessions + " expired sessions, " + revocations + " old revocations and "
                    + attempts + " ended attempt windows");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "maintenance failed: " + e.getClass().getName());
        }
    }

    /** Refreshes the active-session gauge; a failure leaves it NaN until the next count. */
    private static void countSessions(Gatehouse gatehouse) {
        try {
            gatehouse.activeSessions().count();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "counting active sessions failed: " + e.getClass().getName());
        }
    }

    /**
     * Runs {@code action} if the listener stops accepting connections while the server has not been
     * closed (see {@link ListenerWatch}): the process can no longer serve and should end.
     */
    public void onListenerLost(Runnable action) {
        listenerWatch.lost().thenRun(action);
    }

    /** Every route of the table, in the order it was built (tests go through all of them). */
    public List<Route> routes() {
        return routes;
    }

    /** The port actually bound (useful when the setting was 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        listenerWatch.close(); // before the listener closes, which is no loss
        maintenance.shutdownNow();
        backchannelLogout.close();
        headerDeadlines.close();
        feed.close();
        server.stop();
    }
}
