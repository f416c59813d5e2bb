package dev.gatehouse.core.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.core.client.Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys of the clients that authenticate with {@code private_key_jwt}: the JWKS
 * registered inline, or the one published at the client's {@code jwks_uri}.
 *
 * <p>A published JWKS is fetched with a short timeout and kept {@link #CACHE_LIFETIME}, so a
 * token request rarely waits on the client's server. A client that rotates its key signs with a
 * {@code kid} not seen yet: {@link #refetched} then reads the document again, but at most once
 * per {@link #REFETCH_INTERVAL} per client, so assertions with made-up key ids cannot turn this
 * server into a source of requests against the client's. A document that cannot be fetched or
 * read counts as an empty one: the client's authentication fails, nothing else does.
 */
public final class ClientKeySets {

    static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);
    /** A JWKS of a few keys is a few kilobytes; anything much larger is not one. */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(ClientKeySets.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

    public ClientKeySets(Clock clock) {
        this.clock = clock;
    }

    /** The client's keys: inline, or published (from the cache while it is fresh). */
    public JWKSet keys(Client client) {
        String inline = client.registration().jwks();
        if (inline != null) {
            return parse(inline, client.id());
        }
        String uri = client.registration().jwksUri();
        if (uri == null) {
            return new JWKSet();
        }
        Fetched hit = fetched.get(client.id());
        Instant now = clock.instant();
        if (hit != null && now.isBefore(hit.at().plus(CACHE_LIFETIME))) {
            return hit.keys();
        }
        return fetch(client, uri, now);
    }

    /**
     * The client's published keys read again, because an assertion named a key the cached
     * document lacks; the cached ones when the last read was less than {@link #REFETCH_INTERVAL}
     * ago, or when the client registered its keys inline.
     */
    public JWKSet refetched(Client client) {
        String uri = client.registration().jwksUri();
        if (client.registration().jwks() != null || uri == null) {
            return keys(client);
        }
        Fetched hit = fetched.get(client.id());
        Instant now = clock.instant();
        if (hit != null && now.isBefore(hit.at().plus(REFETCH_INTERVAL))) {
            return hit.keys();
        }
        return fetch(client, uri, now);
    }

    private JWKSet fetch(Client client, String uri, Instant now) {
        JWKSet keys = parse(download(uri, client.id()), client.id());
        if (fetched.size() < 10_000 || fetched.containsKey(client.id())) {
            fetched.put(client.id(), new Fetched(keys, now));
        }
        return keys;
    }

    private static String download(String uri, String clientId) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(FETCH_TIMEOUT)
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    LOG.log(System.Logger.Level.WARNING, "the JWKS of client " + clientId + " answered "
                            + response.statusCode());
                    return "";
                }
                byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    LOG.log(System.Logger.Level.WARNING, "the JWKS of client " + clientId + " is larger than "
                            + MAX_DOCUMENT_BYTES + " bytes");
                    return "";
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "the JWKS of client " + clientId + " could not be fetched: "
                    + e.getClass().getSimpleName());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static JWKSet parse(String document, String clientId) {
        if (document.isEmpty()) {
            return new JWKSet();
        }
        try {
            return JWKSet.parse(document);
        } catch (ParseException e) {
            LOG.log(System.Logger.Level.WARNING, "the JWKS of client " + clientId + " is not a JWK set");
            return new JWKSet();
        }
    }
}
