package dev.gatehouse.server.forwardauth;

import dev.gatehouse.core.session.AuthenticationNeed;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotPermittedException;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
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
 *
 * <p>What the session proved travels with the identity: {@code X-Gatehouse-Amr} (RFC 8176 values,
 * comma-separated), {@code X-Gatehouse-Acr} and {@code X-Gatehouse-Auth-Time} (epoch seconds),
 * the same values its access tokens carry. A route may demand more ({@link RouteRequirement}: a
 * second factor, a recent sign-in); a signed-in caller whose session falls short gets 403
 * {@code step_up_required} with {@code X-Gatehouse-Step-Up} naming the step-up page and what it
 * must prove ({@code /step-up?need=mfa}), which the proxy turns into a redirect. A caller who is
 * not signed in still gets 401: signing in comes before stepping up.
 */
public final class VerifyEndpoint implements Handler {

    public static final HeaderName REMOTE_USER = HeaderNames.create("Remote-User");
    public static final HeaderName REMOTE_GROUPS = HeaderNames.create("Remote-Groups");
    public static final HeaderName SESSION = HeaderNames.create("X-Gatehouse-Session");
    public static final HeaderName ACCOUNT = HeaderNames.create("X-Gatehouse-Account");
    public static final HeaderName AMR = HeaderNames.create("X-Gatehouse-Amr");
    public static final HeaderName ACR = HeaderNames.create("X-Gatehouse-Acr");
    public static final HeaderName AUTH_TIME = HeaderNames.create("X-Gatehouse-Auth-Time");
    public static final HeaderName STEP_UP = HeaderNames.create("X-Gatehouse-Step-Up");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Authenticator authenticator;
    private final Clock clock;

    public VerifyEndpoint(Authenticator authenticator, Clock clock) {
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        AuthenticationNeed need = RouteRequirement.of(req); // a malformed demand is a 400 for anyone
        Caller caller = authenticator.find(req)
                .orElseThrow(() -> new NotAuthenticatedException(ErrorCode.UNAUTHENTICATED, "no valid session"));
        Authentications proof = caller.session().authentications();
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Optional<RouteRequirement.StepUp> stepUp = RouteRequirement.unmet(need, proof, clock.instant());
        if (stepUp.isPresent()) {
            // Helidon keeps headers set before an exception: the step-up location rides on the problem.
            res.header(STEP_UP, stepUp.get().location());
            throw new NotPermittedException(ErrorCode.STEP_UP_REQUIRED, stepUp.get().reason());
        }
        res.header(REMOTE_USER, headerSafe(caller.account().username()));
        res.header(ACCOUNT, caller.account().id());
        res.header(REMOTE_GROUPS, String.join(",", new TreeSet<>(caller.account().roles())));
        res.header(SESSION, caller.session().id());
        res.header(AMR, String.join(",", proof.amr()));
        res.header(ACR, proof.acr());
        res.header(AUTH_TIME, Long.toString(proof.authTime().getEpochSecond()));
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
