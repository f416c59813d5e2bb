package dev.gatehouse.server.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the OpenID provider tests share: registering clients the way the admin API will, a
 * relying party's HTTP calls (forms, Basic, bearer), and reading JSON answers.
 */
final class ProviderClient {

    static final String SECRET = "a-client-secret-that-is-long-enough-0123456789";
    static final String REDIRECT = "https://app.test/callback";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestServer server;
    final Browser http;

    ProviderClient(TestServer server) {
        this.server = server;
        this.http = new Browser(server);
        http.fetchSite = null;
        http.origin = null;
    }

    /** Registers a client; {@code secret} null for one without a secret (public, or private_key_jwt). */
    void register(String id, String secret, ClientAuthMethod method, Set<GrantType> grants, Set<String> scopes,
                  String jwks, String jwksUri) {
        ClientRegistration registration = new ClientRegistration(id + " app", method, List.of(REDIRECT), List.of(),
                grants, scopes, false, null, null, null, jwks, jwksUri);
        server.gatehouse().clients().create(id, secret, Set.of(), registration, Actor.COMMAND_LINE);
    }

    HttpResponse<String> post(String path, Map<String, String> form, String authorization) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = http.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b, true);
    }

    HttpResponse<String> token(Map<String, String> form, String authorization) {
        return post("/oauth2/token", form, authorization);
    }

    HttpResponse<String> getWithBearer(String path, String token) {
        return http.send(http.request(path).header("Authorization", "Bearer " + token).GET(), false);
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static String error(HttpResponse<String> response) {
        return json(response).path("error").asText();
    }

    /** A PKCE code verifier (RFC 7636 §4.1). */
    static String verifier() {
        return Secrets.randomToken(32);
    }

    /** Its S256 challenge. */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static JsonNode claims(String jwt) {
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
