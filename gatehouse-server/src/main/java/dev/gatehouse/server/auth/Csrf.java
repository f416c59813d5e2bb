package dev.gatehouse.server.auth;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotPermittedException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Base64;
import java.util.Locale;

/**
 * Cross-site request forgery defences, two layers.
 *
 * <ol>
 *   <li>Any unsafe request authenticated by the session cookie must show that it comes from our
 *   own pages: {@code Sec-Fetch-Site: same-origin} or {@code none} (sent by every current
 *   browser), or an {@code Origin} equal to the configured public origin. A request with neither
 *   is refused: a browser always sends one of them on a cross-site POST.</li>
 *   <li>HTML forms also carry a synchronizer token: an HMAC of what the form is bound to (the
 *   session id, or for the sign-in form a nonce in its own cookie) under a key derived from the
 *   master key, so it needs no server-side state and works on any node.</li>
 * </ol>
 */
public final class Csrf {

    private final String publicOrigin;
    private final byte[] formKey;

    public Csrf(String publicOrigin, byte[] formKey) {
        this.publicOrigin = publicOrigin.toLowerCase(Locale.ROOT);
        this.formKey = formKey.clone();
    }

    /** Refuses a cookie-authenticated unsafe request that does not come from our origin. */
    public void checkOrigin(ServerRequest req) {
        String site = req.headers().first(HeaderNames.create("Sec-Fetch-Site")).orElse("");
        if (site.equals("same-origin") || site.equals("none")) {
            return;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse("");
        if (!origin.isEmpty() && origin.toLowerCase(Locale.ROOT).equals(publicOrigin)) {
            return;
        }
        throw new NotPermittedException(ErrorCode.CSRF_REJECTED,
                "a cookie-authenticated request that changes state must come from " + publicOrigin
                        + " (Sec-Fetch-Site same-origin, or a matching Origin header)");
    }

    /** The token a form bound to {@code binding} must carry. */
    public String formToken(String binding) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.hmacSha256(formKey, binding));
    }

    /** Refuses a form whose token does not match its binding. */
    public void checkFormToken(String binding, String presented) {
        if (binding == null || !Secrets.constantTimeEquals(formToken(binding), presented)) {
            throw new NotPermittedException(ErrorCode.CSRF_REJECTED, "the form has expired or did not come from this site; reload it");
        }
    }
}
