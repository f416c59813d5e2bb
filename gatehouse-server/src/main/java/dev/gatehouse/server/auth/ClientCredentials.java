package dev.gatehouse.server.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The client id and secret a request presents. The one reader of HTTP Basic client
 * authentication (RFC 6749 §2.3.1: id and secret form-encoded, then joined by a colon and
 * base64-encoded), shared by the OAuth endpoints and the revocation feed.
 *
 * @param clientId the client id
 * @param secret   the secret; null for a public client naming itself in a form
 */
public record ClientCredentials(String clientId, String secret) {

    /** The value of {@code WWW-Authenticate} on a refusal: clients authenticate with Basic. */
    public static final String CHALLENGE = "Basic realm=\"gatehouse\"";

    /**
     * The credentials in an {@code Authorization: Basic} header value; empty when the value is not
     * a well-formed Basic header (another scheme, bad base64, no colon).
     */
    public static Optional<ClientCredentials> fromBasic(String header) {
        if (header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Names the client only: the secret never reaches a log line or a message. */
    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + "]";
    }
}
