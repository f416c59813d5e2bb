package dev.gatehouse.verifier;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The registered client a verifier authenticates as when it reads the revocation feed, held as
 * the HTTP Basic header value it sends (RFC 6749 §2.3.1: id and secret form-encoded, joined by a
 * colon, base64). The secret is in no field of its own and never in {@link #toString()}.
 */
final class ClientCredentials {

    private final String clientId;
    private final String authorization;

    ClientCredentials(String clientId, String secret) {
        this.clientId = clientId;
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    String clientId() {
        return clientId;
    }

    /** The value of the {@code Authorization} header. */
    String authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + "]";
    }
}
