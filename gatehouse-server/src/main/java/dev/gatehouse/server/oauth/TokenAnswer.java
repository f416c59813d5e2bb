package dev.gatehouse.server.oauth;

import dev.gatehouse.core.token.IssuedAccessToken;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The successful answer of the token endpoint (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3) for
 * the grants of the OpenID provider: {@code no-store}, and only the members that apply.
 */
final class TokenAnswer {

    private final Clock clock;

    TokenAnswer(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param refreshToken sent only when not null (the client may refresh)
     * @param idToken      sent only when not null ({@code openid} was granted)
     */
    void send(ServerResponse res, IssuedAccessToken access, String scope, String refreshToken, String idToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", Math.max(0, Duration.between(clock.instant(), access.expiresAt()).toSeconds()));
        if (scope != null && !scope.isEmpty()) {
            body.put("scope", scope);
        }
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        if (idToken != null) {
            body.put("id_token", idToken);
        }
        res.header(HeaderNames.PRAGMA, "no-cache");
        Json.send(res, Status.OK_200, body);
    }
}
