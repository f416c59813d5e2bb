package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.oidc.LogoutTokens;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.pages.PagesTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Back-channel logout through the real server: a client's grant under a real browser session,
 * a real cause of the session's end (sign-out, an administrator, a lock, a password change), and
 * a receiver on loopback that checks the logout token against the published keys.
 */
class BackchannelLogoutServerTest {

    private static final long WAIT_SECONDS = 10;

    @RegisterExtension
    final TestServer server = TestServer.eachTest();
    private HttpServer receiver;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Statuses answered before the receiver acknowledges; each failed post is counted in {@link #refused}. */
    private final ConcurrentLinkedQueue<Integer> failFirst = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<Integer> refused = new LinkedBlockingQueue<>();
    private Browser alice;
    private Account account;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            Integer failure = failFirst.poll();
            if (failure != null) {
                refused.add(failure);
                exchange.sendResponseHeaders(failure, -1);
                exchange.close();
                return;
            }
            received.add(exchange.getRequestURI().getPath() + " "
                    + URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.US_ASCII));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        server.createAccount("root", true);
        server.createAccount("alice", false);
        account = server.gatehouse().accounts().get("alice");
        alice = new Browser(server);
        assertThat(alice.login("alice").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** Secrets of the clients registered, by id. */
    private final java.util.Map<String, String> secrets = new java.util.HashMap<>();

    private Client register(String id) {
        Clients.Registered registered = server.gatehouse().clients().register(id, new ClientRegistration(id, ClientAuthMethod.CLIENT_SECRET_BASIC,
                List.of("https://" + id + ".example/cb"), List.of(), Set.of(GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN), Set.of(), false, null, null,
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + id, null, null), Set.of(),
                Actor.COMMAND_LINE);
        secrets.put(id, registered.secret());
        return registered.client();
    }

    private Session browserSession(Browser browser) {
        return server.gatehouse().sessions().authenticate(browser.cookies.get(Cookies.SESSION)).orElseThrow();
    }

    private Tokens.TokenGrant grant(Client client, Session parent) {
        return server.gatehouse().grants().issue(account, client, parent,
                server.gatehouse().clients().audienceFor(client, null), "openid", false, Device.UNKNOWN, null);
    }

    /** The next logout token posted, as "path token". */
    private String next() throws InterruptedException {
        String got = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(got).as("a logout token within " + WAIT_SECONDS + " s").isNotNull();
        return got;
    }

    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType(LogoutTokens.TYPE));
        JWKSet published = JWKSet.parse(alice.get("/.well-known/jwks.json").body());
        JWK key = published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("signed by a published key").isNotNull();
        JWSVerifier verifier = switch (key) {
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new AssertionError("unexpected key type " + key.getKeyType());
        };
        assertThat(jwt.verify(verifier)).isTrue();
        return jwt.getJWTClaimsSet();
    }

    @Test
    void signing_out_posts_a_logout_token_for_the_grant_and_its_refresh_token_is_refused() throws Exception {
        Client shop = register("shop");
        Tokens.TokenGrant grant = grant(shop, browserSession(alice));
        ProviderClient rp = new ProviderClient(server);
        HttpResponse<String> refreshed = rp.token(ProviderClient.form("grant_type", "refresh_token", "refresh_token",
                grant.refreshToken()), ProviderClient.basic("shop", secrets.get("shop")));
        assertThat(refreshed.statusCode()).as("refreshes while signed in: " + refreshed.body()).isEqualTo(200);
        Map<String, String> refresh = ProviderClient.form("grant_type", "refresh_token", "refresh_token",
                ProviderClient.json(refreshed).path("refresh_token").asText());

        assertThat(alice.postJson("/v1/logout", "{}").statusCode()).isEqualTo(204);

        String[] posted = next().split(" ");
        assertThat(posted[0]).isEqualTo("/shop");
        JWTClaimsSet claims = verified(posted[1]);
        assertThat(claims.getIssuer()).isEqualTo(server.settings().tokens().issuer());
        assertThat(claims.getAudience()).containsExactly("shop");
        assertThat(claims.getSubject()).isEqualTo(account.id());
        assertThat(claims.getStringClaim("sid")).isEqualTo(grant.session().id());
        assertThat(claims.getJSONObjectClaim("events")).containsOnlyKeys(LogoutTokens.EVENT);
        assertThat(claims.getClaims()).doesNotContainKey("nonce");
        HttpResponse<String> refused = rp.token(refresh, ProviderClient.basic("shop", secrets.get("shop")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(ProviderClient.error(refused)).isEqualTo("invalid_grant");
        JsonNode delivery = new ObjectMapper().readTree(adminBrowser().get("/v1/admin/logout-deliveries").body())
                .path("deliveries").get(0);
        assertThat(delivery.path("session_id").asText()).isEqualTo(grant.session().id());
        // the receiver answered before the sender recorded it
        for (int i = 0; i < 50 && !delivery.path("state").asText().equals("delivered"); i++) {
            Thread.sleep(100);
            delivery = new ObjectMapper().readTree(adminBrowser().get("/v1/admin/logout-deliveries").body())
                    .path("deliveries").get(0);
        }
        assertThat(delivery.path("state").asText()).isEqualTo("delivered");
    }

    @Test
    void two_clients_signed_in_through_one_session_are_both_told() throws Exception {
        Session parent = browserSession(alice);
        grant(register("shop"), parent);
        grant(register("blog"), parent);

        alice.postJson("/v1/logout", "{}");

        assertThat(List.of(next().split(" ")[0], next().split(" ")[0])).containsExactlyInAnyOrder("/shop", "/blog");
    }

    @Test
    void an_administrator_ending_the_sessions_tells_the_client() throws Exception {
        grant(register("shop"), browserSession(alice));

        assertThat(adminBrowser().delete("/v1/admin/accounts/alice/sessions").statusCode()).isEqualTo(200);

        assertThat(next()).startsWith("/shop ");
    }

    @Test
    void locking_the_account_tells_the_client() throws Exception {
        grant(register("shop"), browserSession(alice));

        assertThat(adminBrowser().post("/v1/admin/accounts/alice/lock", null, "").statusCode()).isBetween(200, 204);

        assertThat(next()).startsWith("/shop ");
    }

    @Test
    void a_password_change_tells_the_client() throws Exception {
        Tokens.TokenGrant grant = grant(register("shop"), browserSession(alice));

        HttpResponse<String> changed = alice.postJson("/v1/password", "{\"current_password\":\"" + TestServer.PASSWORD
                + "\",\"new_password\":\"another long passphrase\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        JWTClaimsSet claims = verified(next().split(" ")[1]);
        assertThat(claims.getStringClaim("sid")).isEqualTo(grant.session().id());
    }

    @Test
    void a_refresh_token_presented_again_ends_the_grant_and_tells_the_client() throws Exception {
        Tokens.TokenGrant grant = grant(register("shop"), browserSession(alice));
        ProviderClient rp = new ProviderClient(server);
        Map<String, String> refresh = ProviderClient.form("grant_type", "refresh_token", "refresh_token",
                grant.refreshToken());
        String auth = ProviderClient.basic("shop", secrets.get("shop"));
        assertThat(rp.token(refresh, auth).statusCode()).isEqualTo(200);
        server.clock.advance(server.settings().tokens().refreshGrace().plusSeconds(1));

        assertThat(ProviderClient.error(rp.token(refresh, auth))).isEqualTo("invalid_grant");

        JWTClaimsSet claims = verified(next().split(" ")[1]);
        assertThat(claims.getStringClaim("sid")).isEqualTo(grant.session().id());
        assertThat(server.gatehouse().sessions().findActive(browserSession(alice).id()))
                .as("the browser session stays: only the grant was reused").isPresent();
    }

    @Test
    void a_step_up_keeps_the_grant_which_then_ends_with_the_new_session() throws Exception {
        Tokens.TokenGrant grant = grant(register("shop"), browserSession(alice));
        String csrf = PagesTest.csrfOf(PagesTest.html(alice, "/step-up?need=recent"));

        HttpResponse<String> stepped = alice.postForm("/step-up", "csrf=" + csrf + "&need=recent&factor=password"
                + "&return_to=%2Faccount&password=" + URLEncoder.encode(TestServer.PASSWORD, StandardCharsets.UTF_8));
        assertThat(stepped.statusCode()).isEqualTo(303);
        Thread.sleep(2 * BackchannelLogout.POLL.toMillis() + 500); // a follower pass or two over the step-up

        assertThat(received).as("a step-up is no sign-out").isEmpty();
        assertThat(server.gatehouse().sessions().findActive(grant.session().id())).isPresent();
        assertThat(server.gatehouse().grants().find(grant.session().id()).orElseThrow().parentSessionId())
                .isEqualTo(browserSession(alice).id());
        alice.postJson("/v1/logout", "{}");
        assertThat(verified(next().split(" ")[1]).getStringClaim("sid")).isEqualTo(grant.session().id());
    }

    @Test
    void a_delivery_not_yet_acknowledged_survives_a_restart_and_is_delivered_after_it() throws Exception {
        Tokens.TokenGrant grant = grant(register("shop"), browserSession(alice));
        failFirst.add(503);

        alice.postJson("/v1/logout", "{}");
        assertThat(refused.poll(WAIT_SECONDS, TimeUnit.SECONDS)).as("the first post, refused").isEqualTo(503);
        for (int i = 0; i < 50 && failedAttempts(grant) == 0; i++) {
            Thread.sleep(100); // until the sender has recorded the failure (else the claim's lease must run out)
        }
        assertThat(failedAttempts(grant)).isEqualTo(1);
        server.restart();
        server.clock.advance(Duration.ofSeconds(5)); // the first backoff

        assertThat(verified(next().split(" ")[1]).getStringClaim("sid")).isEqualTo(grant.session().id());
        var deliveries = server.gatehouse().oauthStores().logoutDeliveries().forSession(grant.session().id());
        for (int i = 0; i < 50 && !deliveries.getFirst().isDelivered(); i++) {
            Thread.sleep(100);
            deliveries = server.gatehouse().oauthStores().logoutDeliveries().forSession(grant.session().id());
        }
        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.isDelivered()).isTrue();
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.lastError()).isEqualTo("HTTP 503");
        });
    }

    private int failedAttempts(Tokens.TokenGrant grant) {
        return server.gatehouse().oauthStores().logoutDeliveries().forSession(grant.session().id()).stream()
                .mapToInt(d -> d.attempts()).sum();
    }

    private Browser adminBrowser() {
        Browser admin = new Browser(server);
        admin.login("root");
        return admin;
    }
}
