package dev.gatehouse.server.oauth;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.OAuthErrorCode;
import dev.gatehouse.server.auth.ClientCredentials;
import dev.gatehouse.server.http.Forms;
import dev.gatehouse.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common shape of the OAuth endpoints: a form body in, JSON out, errors in the OAuth format
 * (RFC 6749 §5.2). Who the client is, is {@link TokenClients}'s to say.
 */
abstract class OAuthExchange implements Handler {

    @Override
    public final void handle(ServerRequest req, ServerResponse res) {
        try {
            exchange(req, res, Forms.read(req)); // its refusals become invalid_request below
        } catch (OAuthError e) {
            error(res, e.error(), e.getMessage());
        } catch (BusyException e) {
            throw e; // 503 with Retry-After, as everywhere
        } catch (GatehouseException e) {
            error(res, e.errorCode().oauthError().orElse(OAuthErrorCode.INVALID_REQUEST), e.getMessage());
        }
    }

    abstract void exchange(ServerRequest req, ServerResponse res, Map<String, String> form);

    static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("parameter '" + name + "' is required");
        }
        return value;
    }

    static void error(ServerResponse res, OAuthErrorCode error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", description);
        if (error.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, ClientCredentials.CHALLENGE);
        }
        res.header(HeaderNames.PRAGMA, "no-cache");
        Json.send(res, Status.create(error.status()), body);
    }
}
