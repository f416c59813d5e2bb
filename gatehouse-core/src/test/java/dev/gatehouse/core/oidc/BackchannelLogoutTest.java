package dev.gatehouse.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.token.AccessTokens;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-channel logout from the revocation log to a real HTTP receiver: the follower
 * ({@link SessionEndings}) ends grants of ended sessions and queues notices, the sender
 * ({@link LogoutSender}) posts signed logout tokens and retries.
 */
class BackchannelLogoutTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ISSUER = "https://gatehouse.test";
    private static final Account ALICE = new Account("acc-alice", "alice", "alice", "$h", Set.of(), false, T0);

    private final MovableClock clock = new MovableClock(T0);
    private final Stores stores = Stores.inMemory();
    private final Revocations revocations = new Revocations(stores.revocations(), Duration.ofMinutes(10),
            Duration.ofSeconds(60), clock);
    private final Sessions sessions = new Sessions(stores.sessions(), stores.audit(), revocations,
            new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1)), clock);
    private final SigningKeys keys = new SigningKeys(stores.keys(), new Sealer(Secrets.randomBytes(32)), KeyAlgorithm.ES256,
            Duration.ofMinutes(5), Duration.ofMinutes(10), clock);
    private final Clients clients = new Clients(stores.clients(), List.of("api"), Duration.ofMinutes(10), stores.audit(),
            clock);
    private final Tokens tokens = new Tokens(sessions, stores.refreshTokens(), new AccessTokens(keys, ISSUER,
            Duration.ofMinutes(10), Duration.ofSeconds(60), clock), clients, revocations,
            new Sealer(Secrets.randomBytes(32)), Duration.ofSeconds(10), stores.audit(), clock, outcome -> { });
    private final Grants grants = new Grants(stores.oauth().grants(), tokens, sessions, clock);
    private final LogoutDeliveryStore deliveries = stores.oauth().logoutDeliveries();
    private final SessionEndings endings = new SessionEndings(revocations, sessions, grants, clients, deliveries, clock);
    private final LogoutSender sender = new LogoutSender(deliveries, new LogoutTokens(keys, ISSUER, clock), stores.audit(),
            Duration.ofSeconds(1), clock);

    private HttpServer receiver;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    /** Statuses to answer, in order; 200 once they run out. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger posts = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        keys.ensureKey();
        stores.accounts().create(ALICE);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/logout", exchange -> {
            posts.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(exchange.getRequestHeaders().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            Integer status = answers.poll();
            if (status == null) {
                received.add(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.US_ASCII));
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        receiver.start();
        endings.follow(); // the first pass sets the mark at the log's end
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String uri() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/logout";
    }

    private Client register(String id) {
        return clients.register(id, new ClientRegistration(id, ClientAuthMethod.CLIENT_SECRET_BASIC,
                List.of("https://" + id + ".example/cb"), List.of(), Set.of(GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN), Set.of(), false, null, null, uri(), null, null), Set.of(), Actor.COMMAND_LINE)
                .client();
    }

    private Session browser() {
        return sessions.start(ALICE, Clients.WEB, Device.UNKNOWN).session();
    }

    private Tokens.TokenGrant grant(Client client, Session parent) {
        return grants.issue(ALICE, client, parent, "api", "openid", false, Device.UNKNOWN, null);
    }

    /** What the server does: follow, then post. */
    private void pass() {
        endings.follow();
        sender.sendDue();
    }

    @Test
    void signing_out_ends_the_grant_and_posts_a_logout_token_the_client_can_verify() throws Exception {
        Client shop = register("shop");
        Session browser = browser();
        Tokens.TokenGrant grant = grant(shop, browser);

        sessions.revoke(browser, RevokeReason.SIGN_OUT);
        pass(); // the parent's entry: its grant ends (a new entry) ...
        pass(); // ... whose notice is then queued and posted

        assertThat(sessions.findActive(grant.session().id())).isEmpty();
        assertThat(received).hasSize(1);
        SignedJWT token = SignedJWT.parse(received.peek());
        assertThat(token.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        JWKSet published = JWKSet.parse(keys.jwks());
        assertThat(token.verify(new ECDSAVerifier(published.getKeyByKeyId(token.getHeader().getKeyID()).toECKey())))
                .isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("shop");
        assertThat(claims.getSubject()).isEqualTo(ALICE.id());
        assertThat(claims.getStringClaim("sid")).isEqualTo(grant.session().id());
        assertThat(claims.getJSONObjectClaim("events")).containsOnlyKeys(LogoutTokens.EVENT);
        assertThat(claims.getClaim("nonce")).isNull();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(claims.getIssueTime().toInstant().plus(Duration.ofMinutes(2)));
        assertThat(deliveries.forSession(grant.session().id())).singleElement()
                .satisfies(d -> assertThat(d.isDelivered()).isTrue());
    }

    @Test
    void two_clients_signed_in_through_one_session_are_both_told() {
        Client shop = register("shop");
        Client blog = register("blog");
        Session browser = browser();
        grant(shop, browser);
        grant(blog, browser);

        sessions.revoke(browser, RevokeReason.SIGN_OUT);
        pass();
        pass();

        assertThat(received).hasSize(2);
        assertThat(deliveries.recent(10)).extracting(LogoutDelivery::clientId).containsExactlyInAnyOrder("shop", "blog");
    }

    @Test
    void locking_the_account_ends_every_grant_and_tells_its_client() {
        Client shop = register("shop");
        grant(shop, browser());

        sessions.revokeAll(ALICE.id(), RevokeReason.ACCOUNT_LOCKED);
        pass();

        assertThat(received).hasSize(1);
    }

    @Test
    void a_client_answering_500_is_tried_again_after_a_doubling_wait_and_delivered_on_the_third_attempt() {
        Client shop = register("shop");
        Tokens.TokenGrant grant = grant(shop, browser());
        answers.add(500);
        answers.add(503);

        grants.end(grants.find(grant.session().id()).orElseThrow(), RevokeReason.SIGN_OUT);
        pass();
        assertThat(posts).hasValue(1);
        clock.advance(Duration.ofMillis(999));
        pass();
        assertThat(posts).as("not due before the first backoff (1 s)").hasValue(1);
        clock.advance(Duration.ofMillis(1));
        pass();
        assertThat(posts).hasValue(2);
        clock.advance(Duration.ofSeconds(2));
        pass();

        assertThat(posts).hasValue(3);
        assertThat(deliveries.forSession(grant.session().id())).singleElement().satisfies(d -> {
            assertThat(d.isDelivered()).isTrue();
            assertThat(d.attempts()).isEqualTo(3);
        });
    }

    @Test
    void after_ten_failed_attempts_gatehouse_gives_up_and_says_so_in_the_audit_log() {
        Client shop = register("shop");
        Tokens.TokenGrant grant = grant(shop, browser());
        for (int i = 0; i < LogoutSender.MAX_ATTEMPTS; i++) {
            answers.add(500);
        }
        grants.end(grants.find(grant.session().id()).orElseThrow(), RevokeReason.SIGN_OUT);
        for (int i = 0; i < LogoutSender.MAX_ATTEMPTS; i++) {
            pass();
            clock.advance(LogoutSender.MAX_BACKOFF);
        }
        pass();

        assertThat(posts).hasValue(LogoutSender.MAX_ATTEMPTS);
        assertThat(deliveries.forSession(grant.session().id())).singleElement().satisfies(d -> {
            assertThat(d.isGivenUp()).isTrue();
            assertThat(d.lastError()).isEqualTo("HTTP 500");
        });
        assertThat(stores.audit().search(AuditQuery.newest(10).types(Set.of(AuditType.BACKCHANNEL_LOGOUT_FAILED))))
                .singleElement().satisfies(e -> assertThat(e.sessionId()).isEqualTo(grant.session().id()));
    }

    @Test
    void a_step_up_keeps_the_grants_which_move_to_the_new_session() {
        Client shop = register("shop");
        Session browser = browser();
        Tokens.TokenGrant grant = grant(shop, browser);

        Sessions.Issued stepped = sessions.stepUp(ALICE, browser, AuthMethod.TOTP);
        pass();
        grants.moveTo(browser.id(), stepped.session().id());
        pass();

        assertThat(sessions.findActive(grant.session().id())).isPresent();
        assertThat(received).isEmpty();
        sessions.revoke(stepped.session(), RevokeReason.SIGN_OUT);
        pass();
        pass();
        assertThat(sessions.findActive(grant.session().id())).isEmpty();
        assertThat(received).hasSize(1);
    }

    @Test
    void a_client_without_a_back_channel_uri_has_its_grant_ended_but_is_not_posted_to() {
        Client quiet = clients.register("quiet", new ClientRegistration("", ClientAuthMethod.NONE,
                List.of("https://quiet.example/cb"), List.of(), Set.of(), Set.of(), false, null, null, null, null, null),
                Set.of(), Actor.COMMAND_LINE).client();
        Session browser = browser();
        Tokens.TokenGrant grant = grant(quiet, browser);

        sessions.revoke(browser, RevokeReason.SIGN_OUT);
        pass();
        pass();

        assertThat(sessions.findActive(grant.session().id())).isEmpty();
        assertThat(deliveries.recent(10)).isEmpty();
        assertThat(posts).hasValue(0);
    }

    @Test
    void sessions_ended_before_the_first_follow_are_not_announced_and_the_mark_moves_on() {
        Client shop = register("shop");
        Tokens.TokenGrant grant = grant(shop, browser());
        Stores fresh = Stores.inMemory();
        SessionEndings first = new SessionEndings(revocations, sessions, grants, clients, fresh.oauth().logoutDeliveries(),
                clock);
        grants.end(grants.find(grant.session().id()).orElseThrow(), RevokeReason.SIGN_OUT);

        first.follow();

        assertThat(fresh.oauth().logoutDeliveries().recent(10)).isEmpty();
        assertThat(fresh.oauth().logoutDeliveries().followedUpTo(SessionEndings.FOLLOWER)).hasValue(revocations.lastSeq());
    }
}
