package dev.gatehouse.server.forwardauth;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * {@code GET /v1/verify}: forward authentication for nginx {@code auth_request} and Traefik
 * ForwardAuth. 200 with the identity in headers when the request carries a valid session, 401
 * otherwise; the proxy decides what to do with a 401 (typically redirect to {@code /login}).
 *
 * <p>Header values travel as bytes that proxies and frameworks read as ISO-8859-1 or ASCII, so a
 * username outside printable ASCII would arrive mangled, and {@code аlice} (Cyrillic а) and
 * {@code ålice} would both become {@code ?lice}. {@code Remote-User} therefore carries such a name
 * percent-encoded (RFC 3986, UTF-8): {@code %D0%B0lice}. A name never contains {@code %}, so no
 * encoded name equals another account's plain one. {@code X-Gatehouse-Account} carries the
 * account's stable id, for apps that key their data on the account rather than on its name.
 */
public final class VerifyEndpoint implements Handler {

    public static final HeaderName REMOTE_USER = HeaderNames.create("Remote-User");
    public static final HeaderName REMOTE_GROUPS = HeaderNames.create("Remote-Groups");
    public static final HeaderName SESSION = HeaderNames.create("X-Gatehouse-Session");
    public static final HeaderName ACCOUNT = HeaderNames.create("X-Gatehouse-Account");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Authenticator authenticator;

    public VerifyEndpoint(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.find(req)
                .orElseThrow(() -> new NotAuthenticatedException(ErrorCode.UNAUTHENTICATED, "no valid session"));
        res.header(REMOTE_USER, headerSafe(caller.account().username()));
        res.header(ACCOUNT, caller.account().id());
        res.header(REMOTE_GROUPS, String.join(",", new TreeSet<>(caller.account().roles())));
        res.header(SESSION, caller.session().id());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(Status.OK_200).send();
    }

    /** The name as it is when it is printable ASCII without {@code %}; otherwise percent-encoded UTF-8. */
    static String headerSafe(String name) {
        if (name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%')) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
