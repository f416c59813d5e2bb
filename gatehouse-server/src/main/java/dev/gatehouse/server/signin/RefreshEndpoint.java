package dev.gatehouse.server.signin;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.server.http.Cookies;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.auth.TokenTransport;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code POST /v1/refresh}: a new access token and a new refresh token for the current refresh
 * token, given either as JSON {@code {"refresh_token": ...}} (answered in the body) or, in SPA
 * mode, by its cookie together with the {@value TokenTransport#REFRESH_HEADER} header (answered
 * in cookies).
 */
public final class RefreshEndpoint implements Handler {

    public record RefreshRequest(String refreshToken, String clientId) {
    }

    private final Tokens tokens;
    private final TokenTransport transport;

    public RefreshEndpoint(Tokens tokens, TokenTransport transport) {
        this.tokens = tokens;
        this.transport = transport;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> cookie = Cookies.read(req, Cookies.REFRESH_TOKEN);
        boolean hasBody = req.headers().contentLength().orElse(0) > 0 || req.headers().contains(HeaderNames.TRANSFER_ENCODING);
        if (cookie.isPresent() && !hasBody) {
            if (req.headers().first(HeaderNames.create(TokenTransport.REFRESH_HEADER)).filter(v -> !v.isBlank()).isEmpty()) {
                throw new NotPermittedException(ErrorCode.CSRF_REJECTED,
                        "a refresh by cookie must carry the " + TokenTransport.REFRESH_HEADER + " header");
            }
            try {
                transport.sendInCookies(res, tokens.refresh(cookie.get(), null));
            } catch (NotAuthenticatedException e) {
                TokenTransport.clearAll(res);
                throw e;
            }
            return;
        }
        if (!hasBody) {
            throw new InvalidInputException(ErrorCode.MISSING_BODY, "a JSON object with refresh_token is required");
        }
        RefreshRequest body = Json.read(req, RefreshRequest.class);
        transport.sendInBody(res, tokens.refresh(Json.required(body.refreshToken(), "refresh_token"), body.clientId()));
    }
}
