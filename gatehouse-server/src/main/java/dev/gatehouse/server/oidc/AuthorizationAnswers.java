package dev.gatehouse.server.oidc;

import dev.gatehouse.core.oidc.AuthorizationError;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers at a client's redirect URI (RFC 6749 §4.1.2): a {@code 302} whose {@code Location} is
 * the redirect URI, already checked against the client's registration, with the answer's
 * parameters added to its query; {@code state} when the request had one, and always {@code iss}
 * (RFC 9207), so a client talking to several servers can tell which one answered.
 */
final class AuthorizationAnswers {

    private final String issuer;

    AuthorizationAnswers(String issuer) {
        this.issuer = issuer;
    }

    void code(ServerResponse res, String redirectUri, String code, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", code);
        send(res, redirectUri, p, state);
    }

    void error(ServerResponse res, String redirectUri, AuthorizationError error, String description, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", error.error());
        p.put("error_description", description);
        send(res, redirectUri, p, state);
    }

    private void send(ServerResponse res, String redirectUri, Map<String, String> p, String state) {
        if (state != null) {
            p.put("state", state);
        }
        p.put("iss", issuer);
        res.header(HeaderNames.LOCATION, withQuery(redirectUri, p));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(Status.FOUND_302).send();
    }

    /** {@code address} with {@code params} added to its query. */
    static String withQuery(String address, Map<String, String> params) {
        StringBuilder b = new StringBuilder(address);
        char separator = address.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            separator = '&';
        }
        return b.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
