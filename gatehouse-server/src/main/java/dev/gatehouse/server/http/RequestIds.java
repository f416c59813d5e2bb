package dev.gatehouse.server.http;

import dev.gatehouse.core.crypto.Secrets;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The id of a request, to match a client's report, the access log line and a server error's log
 * line. A well-formed id from an incoming {@code X-Request-Id} (a proxy's, say) is kept, so one
 * id follows the request across hops; anything else is replaced by a new one. The id is set on
 * the response header first thing, and read back from there by whoever needs it later.
 *
 * <p>Ids are for correlation, not security, but they come from the one {@link Secrets} generator
 * like every other random value, so no weak generator exists in the code base to be misused.
 */
final class RequestIds {

    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    private static final int MAX_LENGTH = 64;

    private RequestIds() {
    }

    /** The incoming id if it is 1 to 64 characters of {@code [A-Za-z0-9._-]}, else a new one. */
    public static String accept(String incoming) {
        return isWellFormed(incoming) ? incoming : generate();
    }

    static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 16 random characters of base64url: 96 bits. */
    static String generate() {
        return Secrets.randomToken(12);
    }

    /** The id this response was given, or a new one when it has none (an error before any filter ran). */
    public static String of(ServerResponse res) {
        return res.headers().first(HEADER).orElseGet(RequestIds::generate);
    }
}
