package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.pages.PagesTest;
import dev.gatehouse.testsupport.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Gatehouse as the OpenID provider of a client it did not write: the npm {@code openid-client}
 * library (v6), run by Node, does discovery, the authorization code flow with PKCE (validating the
 * ID token's signature, {@code iss}, {@code aud}, {@code nonce}, and the {@code state} and
 * {@code iss} of the answer), userinfo, refresh, client credentials (by secret and by
 * {@code private_key_jwt}), the device flow and RP-initiated logout; a native app's flow
 * redirects to a loopback listener on a random port (RFC 8252). The person in these flows signs in through Gatehouse's real sign-in form, over HTTP
 * ({@link PersonOverHttp}).
 *
 * <p>The server runs on the system clock (the library checks the tokens' times against the real
 * time) at a public origin that is its own loopback address (the library checks that the
 * discovery document's issuer is the URL it asked).
 */
class OpenIdClientInteropTest {

    static final int PORT = PasskeyJourneyTest.freePort();
    static final String ISSUER = "http://127.0.0.1:" + PORT;
    /** Where the web client's answers go; nothing listens there, the person stops before opening it. */
    static final String WEB_CALLBACK = "http://127.0.0.1:9/callback";
    static final String SIGNED_OUT = "http://127.0.0.1:9/signed-out";

    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An administrator's session, over HTTP, that registers the clients. */
    private static Browser admin;
    private static InstalledNode node;
    private static TestAbortedException notInstalled;
    private static Path dataDirectory;
    private static TestServer server;
    private static final AtomicInteger accounts = new AtomicInteger();

    @BeforeAll
    static void startServer() throws IOException {
        try {
            node = InstalledNode.find();
        } catch (TestAbortedException missing) {
            notInstalled = missing; // thrown before each test, so that each counts as skipped, with the reason
            return;
        }
        dataDirectory = Files.createTempDirectory("gatehouse-openid-client-");
        server = TestServer.startNode(dataDirectory, Map.of(Setting.SERVER_PORT, Integer.toString(PORT),
                Setting.SERVER_PUBLIC_ORIGIN, ISSUER), Map.of(), MovableClock.followingSystemClock());
        server.createAccount("administrator", true);
        admin = new Browser(server);
        PagesTest.signIn(admin, "administrator", "/account");
    }

    @BeforeEach
    void installed() {
        if (notInstalled != null) {
            throw notInstalled;
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void discovery_gives_openid_client_every_endpoint_it_uses() {
        JsonNode metadata = openIdClient("discovery-client", null).run("discovery", Map.of()).get("server_metadata");

        assertThat(metadata.get("issuer").asText()).isEqualTo(ISSUER);
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint", "device_authorization_endpoint", "introspection_endpoint", "revocation_endpoint")) {
            assertThat(metadata.path(endpoint).asText()).as(endpoint).startsWith(ISSUER + "/");
        }
        assertThat(texts(metadata.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(metadata.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(metadata.path("backchannel_logout_supported").asBoolean()).isTrue();
    }

    @Test
    void code_flow_with_pkce_then_userinfo_and_refresh() {
        String name = newAccount();
        String web = register("node-web", "client_secret_basic", List.of(WEB_CALLBACK),
                List.of("authorization_code", "refresh_token"), true);
        OpenIdClient library = openIdClient("node-web", web);

        JsonNode result = codeFlow(library, new PersonOverHttp(server, ISSUER, name), WEB_CALLBACK, "openid profile");

        JsonNode claims = result.at("/tokens/id_token_claims");
        String sub = server.gatehouse().accounts().get(name).id();
        assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("sub").asText()).isEqualTo(sub);
        assertThat(claims.get("aud").isArray() ? texts(claims.get("aud")) : List.of(claims.get("aud").asText()))
                .contains("node-web");
        assertThat(claims.path("sid").asText()).isNotEmpty();
        assertThat(claims.path("auth_time").asLong()).isPositive();
        assertThat(result.at("/userinfo/sub").asText()).isEqualTo(sub);
        assertThat(result.at("/userinfo/preferred_username").asText()).isEqualTo(name);
        assertThat(result.at("/tokens/refresh_token").asText()).isNotEmpty();
        assertThat(result.at("/refreshed/access_token").asText()).isNotEqualTo(result.at("/tokens/access_token").asText());
        assertThat(result.at("/refreshed/refresh_token").asText()).isNotEqualTo(result.at("/tokens/refresh_token").asText());
        assertThat(result.at("/userinfo_after_refresh/sub").asText()).isEqualTo(sub);
    }

    /**
     * The attacks a client's checks stop, with Gatehouse's answers as they are: a mix-up (an
     * answer claiming another issuer, or none: Gatehouse advertises that it always sends
     * {@code iss}, RFC 9207), a state of another request or none, a PKCE verifier of another
     * request, the nonce of another request, and a code presented twice (the second presentation
     * also ends the grant the first made).
     */
    @Test
    void openid_client_refuses_a_tampered_or_replayed_answer() {
        String name = newAccount();
        String web = register("node-attacked", "client_secret_basic", List.of(WEB_CALLBACK),
                List.of("authorization_code", "refresh_token"), true);
        OpenIdClient library = openIdClient("node-attacked", web);
        PersonOverHttp person = new PersonOverHttp(server, ISSUER, name);

        Map<String, String> first = authorized(library, person);
        JsonNode outcomes = library.run("attacks", first).get("outcomes");
        assertThat(outcomes.get("mix_up_other_issuer").asText()).isEqualTo("OAUTH_INVALID_RESPONSE");
        assertThat(outcomes.get("iss_missing").asText()).isEqualTo("OAUTH_INVALID_RESPONSE");
        assertThat(outcomes.get("state_of_another_request").asText()).isEqualTo("OAUTH_INVALID_RESPONSE");
        assertThat(outcomes.get("state_missing").asText()).isEqualTo("OAUTH_INVALID_RESPONSE");
        // Refused by Gatehouse: the code is spent by this first presentation...
        assertThat(outcomes.get("pkce_verifier_of_another_request").asText()).isEqualTo("invalid_grant");
        // ...so the right one, next, is a second presentation.
        assertThat(outcomes.get("code_replayed_with_the_right_checks").asText()).isEqualTo("invalid_grant");

        JsonNode nonce = library.run("nonce-replayed", authorized(library, person));
        assertThat(nonce.get("outcome").asText()).isEqualTo("OAUTH_JWT_CLAIM_COMPARISON_FAILED");
        assertThat(nonce.get("claim").asText()).isEqualTo("nonce");
    }

    /** One authorization answered with a code, and what the library needs to redeem it. */
    private static Map<String, String> authorized(OpenIdClient library, PersonOverHttp person) {
        JsonNode start = library.run("authorization-url", Map.of("GH_REDIRECT_URI", WEB_CALLBACK,
                "GH_SCOPE", "openid profile"));
        URI callback = person.follow(start.get("url").asText(), WEB_CALLBACK);
        return Map.of("GH_REDIRECT_URI", WEB_CALLBACK, "GH_CALLBACK_URL", callback.toString(),
                "GH_CODE_VERIFIER", start.get("code_verifier").asText(), "GH_STATE", start.get("state").asText(),
                "GH_NONCE", start.get("nonce").asText());
    }

    @Test
    void client_credentials_token_for_a_service() {
        String service = register("node-service", "client_secret_basic", List.of(),
                List.of("client_credentials"), false);

        JsonNode result = openIdClient("node-service", service).run("client-credentials", Map.of());

        assertThat(result.at("/tokens/access_token").asText()).isNotEmpty();
        assertThat(result.at("/tokens/token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(result.at("/tokens/refresh_token").isNull()).as("no refresh token for client credentials").isTrue();
        assertThat(result.at("/tokens/expires_in").asLong()).isPositive();
        assertThat(result.at("/introspection/active").asBoolean()).isTrue();
        assertThat(result.at("/introspection/sub").asText()).isEqualTo("node-service");
    }

    @Test
    void client_credentials_with_a_private_key_jwt_assertion() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("node-key-1").algorithm(JWSAlgorithm.ES256)
                .keyUse(KeyUse.SIGNATURE).generate();
        Map<String, Object> jwks = new JWKSet(key.toPublicJWK()).toJSONObject();
        register("node-keyed", "private_key_jwt", List.of(), List.of("client_credentials"), false, jwks);
        OpenIdClient library = OpenIdClient.withPrivateKey(node, ISSUER, "node-keyed", key.toJSONString());

        JsonNode first = library.run("client-credentials", Map.of());
        JsonNode second = library.run("client-credentials", Map.of()); // a new assertion, a new jti

        assertThat(first.at("/introspection/sub").asText()).isEqualTo("node-keyed");
        assertThat(first.at("/introspection/active").asBoolean()).isTrue();
        assertThat(second.at("/tokens/access_token").asText()).isNotEqualTo(first.at("/tokens/access_token").asText());
    }

    @Test
    void device_flow_approved_on_the_device_page() throws Exception {
        String name = newAccount();
        register("node-tv", "none", List.of(), List.of(DEVICE_CODE, "refresh_token"), true);
        OpenIdClient library = openIdClient("node-tv", null);

        try (OpenIdClient.Running device = library.start("device", Map.of("GH_SCOPE", "openid profile"))) {
            JsonNode authorization = device.next();
            assertThat(authorization.has("device_authorization")).as(authorization.toPrettyString()).isTrue();
            JsonNode d = authorization.get("device_authorization");
            assertThat(d.get("verification_uri").asText()).isEqualTo(ISSUER + "/device");

            new PersonOverHttp(server, ISSUER, name).approveDevice(d.get("user_code").asText());

            JsonNode result = device.last();
            assertThat(result.has("error")).as(result.toPrettyString()).isFalse();
            String sub = server.gatehouse().accounts().get(name).id();
            assertThat(result.at("/tokens/id_token_claims/sub").asText()).isEqualTo(sub);
            assertThat(result.at("/userinfo/preferred_username").asText()).isEqualTo(name);
        }
    }

    @Test
    void native_app_redirected_to_a_loopback_listener_on_a_random_port() throws Exception {
        String name = newAccount();
        // Not first party: the person is shown the consent page and allows it.
        register("native-app", "none", List.of("http://127.0.0.1/callback"),
                List.of("authorization_code", "refresh_token"), false);
        OpenIdClient library = openIdClient("native-app", null);

        // The app's own listener, on a port the system chose, as RFC 8252 §7.3 has a native app do.
        CompletableFuture<URI> answer = new CompletableFuture<>();
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/callback", exchange -> {
            answer.complete(URI.create("http://127.0.0.1:" + listener.getAddress().getPort()
                    + exchange.getRequestURI()));
            byte[] page = "You are signed in; return to the app.".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        listener.start();
        try {
            String redirectUri = "http://127.0.0.1:" + listener.getAddress().getPort() + "/callback";
            JsonNode start = library.run("authorization-url", Map.of("GH_REDIRECT_URI", redirectUri));
            PersonOverHttp person = new PersonOverHttp(server, ISSUER, name);
            URI atApp = person.follow(start.get("url").asText(), redirectUri);
            assertThat(person.http.get(atApp.toString()).statusCode()).isEqualTo(200); // the browser opens it
            URI callback = answer.get(10, TimeUnit.SECONDS);

            JsonNode result = library.run("code", Map.of("GH_REDIRECT_URI", redirectUri,
                    "GH_CALLBACK_URL", callback.toString(), "GH_CODE_VERIFIER", start.get("code_verifier").asText(),
                    "GH_STATE", start.get("state").asText(), "GH_NONCE", start.get("nonce").asText()));

            assertThat(result.at("/tokens/id_token_claims/aud").toString()).contains("native-app");
            assertThat(result.at("/userinfo/preferred_username").asText()).isEqualTo(name);
            assertThat(result.at("/refreshed/access_token").asText()).isNotEmpty();
        } finally {
            listener.stop(0);
        }
    }

    @Test
    void rp_initiated_logout_through_the_end_session_url_ends_the_session() {
        String name = newAccount();
        String web = register("node-logout", "client_secret_basic", List.of(WEB_CALLBACK),
                List.of("authorization_code", "refresh_token"), true);
        OpenIdClient library = openIdClient("node-logout", web);
        PersonOverHttp person = new PersonOverHttp(server, ISSUER, name);
        JsonNode signedIn = codeFlow(library, person, WEB_CALLBACK, "openid");
        assertThat(person.http.get("/v1/verify").statusCode()).isEqualTo(200);

        JsonNode logout = library.run("end-session-url", Map.of("GH_ID_TOKEN", signedIn.at("/tokens/id_token").asText(),
                "GH_POST_LOGOUT_REDIRECT_URI", SIGNED_OUT));
        URI back = person.follow(logout.get("url").asText(), SIGNED_OUT);

        assertThat(back.getQuery()).contains("state=after-logout");
        assertThat(person.http.get("/v1/verify").statusCode()).as("the Gatehouse session has ended").isEqualTo(401);
    }

    /** Authorization URL by the library, sign-in by the person, then the library's code step. */
    private static JsonNode codeFlow(OpenIdClient library, PersonOverHttp person, String redirectUri, String scope) {
        JsonNode start = library.run("authorization-url", Map.of("GH_REDIRECT_URI", redirectUri, "GH_SCOPE", scope));
        assertThat(start.get("url").asText()).startsWith(ISSUER + "/oauth2/authorize?");
        URI callback = person.follow(start.get("url").asText(), redirectUri);
        assertThat(callback.getQuery()).contains("code=").contains("iss=");
        return library.run("code", Map.of("GH_REDIRECT_URI", redirectUri, "GH_CALLBACK_URL", callback.toString(),
                "GH_CODE_VERIFIER", start.get("code_verifier").asText(), "GH_STATE", start.get("state").asText(),
                "GH_NONCE", start.get("nonce").asText()));
    }

    /**
     * Registers a client through the admin API, as an administrator would; returns the secret
     * Gatehouse made for it, or null for a public client.
     */
    private static String register(String id, String authMethod, List<String> redirectUris, List<String> grants,
                                   boolean firstParty) {
        return register(id, authMethod, redirectUris, grants, firstParty, null);
    }

    /** The same, with the client's public keys (a JWK set) for {@code private_key_jwt}. */
    private static String register(String id, String authMethod, List<String> redirectUris, List<String> grants,
                                   boolean firstParty, Map<String, Object> jwks) {
        Map<String, Object> registration = new LinkedHashMap<>();
        if (jwks != null) {
            registration.put("jwks", jwks);
        }
        registration.put("id", id);
        registration.put("confidential", !authMethod.equals("none"));
        registration.put("token_endpoint_auth_method", authMethod);
        registration.put("redirect_uris", redirectUris);
        registration.put("post_logout_redirect_uris", List.of(SIGNED_OUT));
        registration.put("grant_types", grants);
        registration.put("first_party", firstParty);
        try {
            HttpResponse<String> registered = admin.postJson("/v1/admin/clients", JSON.writeValueAsString(registration));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            JsonNode secret = JSON.readTree(registered.body()).path("secret");
            return secret.isTextual() ? secret.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpenIdClient openIdClient(String clientId, String secret) {
        return new OpenIdClient(node, ISSUER, clientId, secret);
    }

    private static String newAccount() {
        String name = "person" + accounts.incrementAndGet();
        server.createAccount(name, false);
        return name;
    }

    private static List<String> texts(JsonNode array) {
        return array == null ? List.of() : StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
