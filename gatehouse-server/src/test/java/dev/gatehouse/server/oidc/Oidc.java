package dev.gatehouse.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the OpenID provider's tests share: registering clients, building requests, reading answers. */
final class Oidc {

    static final String REDIRECT = "https://app.example.com/callback";
    static final String POST_LOGOUT = "https://app.example.com/signed-out";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = ProviderClient.challenge(VERIFIER);

    private Oidc() {
    }

    /** Registers a public client for the code flow (and refresh tokens) with {@link #REDIRECT}. */
    static Client register(TestServer server, String id, boolean firstParty) {
        return register(server, id, firstParty, Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
                List.of(REDIRECT, "http://127.0.0.1/native"));
    }

    static Client register(TestServer server, String id, boolean firstParty, Set<GrantType> grants, List<String> redirects) {
        Client client = new Client(id, null, Set.of(), TestServer.START, new ClientRegistration("Photo App " + id,
                ClientAuthMethod.NONE, redirects, List.of(POST_LOGOUT), grants, Set.of("photos.read"), firstParty,
                null, null, null, null, null));
        server.gatehouse().stores().clients().create(client);
        return client;
    }

    /** The parameters of a good request of {@code clientId}, in order. */
    static Map<String, String> request(String clientId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", REDIRECT);
        p.put("scope", "openid profile");
        p.put("state", "state-123");
        p.put("nonce", "nonce-456");
        p.put("code_challenge", CHALLENGE);
        p.put("code_challenge_method", "S256");
        return p;
    }

    static String authorizePath(Map<String, String> params) {
        StringBuilder b = new StringBuilder("/oauth2/authorize");
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(ProviderClient.enc(e.getKey())).append('=').append(ProviderClient.enc(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    static HttpResponse<String> html(Browser b, String path) {
        return b.send(b.request(path).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET(), false);
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location; status " + response.statusCode() + ": " + response.body()));
    }

    /** The query of a redirect to the client, decoded; asserts it goes to {@code base}. */
    static Map<String, String> answerAt(String base, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = location(response);
        assertThat(location).startsWith(base + "?");
        return query(URI.create(location).getRawQuery());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The id of the browser session whose cookie {@code b} holds. */
    static String sessionId(TestServer server, Browser b) {
        String cookie = b.cookies.get(dev.gatehouse.server.http.Cookies.SESSION);
        return server.gatehouse().sessions().authenticate(cookie).orElseThrow().id();
    }

    static String randomState() {
        return Secrets.randomToken(8);
    }
}
