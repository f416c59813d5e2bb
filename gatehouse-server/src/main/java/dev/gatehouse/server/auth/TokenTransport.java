package dev.gatehouse.server.auth;

import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.token.Tokens.TokenGrant;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * How a token grant reaches the client: in the JSON body (APIs, mobile apps) or, in SPA mode, in
 * HttpOnly cookies so that no script on the page can ever read a token.
 */
public final class TokenTransport {

    /** SPA mode: a refresh carried by cookie must also carry this header, which no cross-site form can send. */
    public static final String REFRESH_HEADER = "X-Gatehouse-Refresh";

    /** The JSON answer of the token transport (RFC 6749 §5.1 members, plus the session id). */
    public record TokenBody(String accessToken, String tokenType, long expiresIn, String refreshToken, String scope,
                            String sessionId) {
    }

    private final SessionPolicy policy;
    private final Clock clock;

    public TokenTransport(SessionPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Sends both tokens in the body. */
    public void sendInBody(ServerResponse res, TokenGrant grant) {
        res.header(HeaderNames.PRAGMA, "no-cache");
        Json.send(res, Status.OK_200, new TokenBody(grant.access().token(), "Bearer", expiresIn(grant),
                grant.refreshToken(), grant.session().scope(), grant.session().id()));
    }

    /**
     * Sends both tokens as cookies; the body says only when the access token expires. A session
     * cookie left from a cookie sign-in is dropped: it would be presented first, and once its
     * session ended it would hide the new tokens.
     */
    public void sendInCookies(ServerResponse res, TokenGrant grant) {
        Cookies.clear(res, Cookies.SESSION);
        Cookies.set(res, Cookies.ACCESS_TOKEN, grant.access().token(), Duration.ofSeconds(expiresIn(grant)), SameSite.STRICT);
        Cookies.setOnPath(res, Cookies.REFRESH_TOKEN, grant.refreshToken(), policy.absoluteTimeout(), Cookies.REFRESH_PATH);
        Json.send(res, Status.OK_200, new TokenBody(null, "Bearer", expiresIn(grant), null, grant.session().scope(),
                grant.session().id()));
    }

    /** Drops every Gatehouse credential cookie. */
    public static void clearAll(ServerResponse res) {
        Cookies.clear(res, Cookies.SESSION);
        Cookies.clear(res, Cookies.ACCESS_TOKEN);
        Cookies.clear(res, Cookies.REFRESH_TOKEN);
    }

    private long expiresIn(TokenGrant grant) {
        return Math.max(0, Duration.between(clock.instant(), grant.access().expiresAt()).toSeconds());
    }
}
