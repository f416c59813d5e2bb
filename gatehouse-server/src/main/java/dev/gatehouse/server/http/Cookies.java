package dev.gatehouse.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.SetCookie.SameSite;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reading and writing Gatehouse's cookies.
 *
 * <p>The {@code __Host-} prefix makes browsers accept the cookie only when it is Secure, has
 * {@code Path=/} and no {@code Domain}, so no sibling subdomain can set or overwrite it.
 * Browsers treat {@code http://localhost} as secure, so this works in development too.
 */
public final class Cookies {

    /** The session cookie. */
    public static final String SESSION = "__Host-gatehouse";
    /** SPA mode: the access token, sent with every request to this origin, never readable by script. */
    public static final String ACCESS_TOKEN = "__Host-gatehouse-access";
    /**
     * SPA mode: the refresh token, sent only to {@value #REFRESH_PATH}. A path other than {@code /}
     * rules out the {@code __Host-} prefix; {@code __Secure-} still forces the Secure flag.
     */
    public static final String REFRESH_TOKEN = "__Secure-gatehouse-refresh";
    public static final String REFRESH_PATH = "/v1/refresh";
    /** The nonce behind the synchronizer token of the sign-in form. */
    public static final String FORM_NONCE = "__Host-gatehouse-form";
    /** The sealed challenge between a right password and its second step on the sign-in page. */
    public static final String SIGN_IN_CHALLENGE = "__Host-gatehouse-challenge";

    private Cookies() {
    }

    /** The value of the named cookie, if the request carries it exactly once. */
    public static Optional<String> read(ServerRequest req, String name) {
        return find(req.headers().all(HeaderNames.COOKIE, java.util.List::of), name);
    }

    /** {@link #read} on the values of the {@code Cookie} headers themselves (the fuzz tests' entry). */
    static Optional<String> find(Iterable<String> cookieHeaders, String name) {
        String found = null;
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    if (found != null) {
                        return Optional.empty(); // two values: refuse to guess which one is real
                    }
                    found = pair.substring(eq + 1).strip();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Sets an HttpOnly, Secure, host-only cookie on path {@code /}. */
    public static void set(ServerResponse res, String name, String value, Duration maxAge, SameSite sameSite) {
        res.headers().add(HeaderNames.SET_COOKIE, header(name, value, "/", maxAge, sameSite));
    }

    /** Sets an HttpOnly, Secure, SameSite=Strict cookie limited to {@code path}. */
    public static void setOnPath(ServerResponse res, String name, String value, Duration maxAge, String path) {
        res.headers().add(HeaderNames.SET_COOKIE, header(name, value, path, maxAge, SameSite.STRICT));
    }

    /** Tells the browser to drop a cookie (on the path it was set on). */
    public static void clear(ServerResponse res, String name) {
        String path = name.equals(REFRESH_TOKEN) ? REFRESH_PATH : "/";
        res.headers().add(HeaderNames.SET_COOKIE, header(name, "", path, Duration.ZERO, SameSite.LAX));
    }

    /**
     * The {@code Set-Cookie} value of an HttpOnly, Secure cookie without {@code Domain}, as its
     * prefix demands. A lifetime under a second deletes the cookie at once with {@code Max-Age=0}
     * (RFC 6265 §5.2.2): Helidon's {@link SetCookie} writes {@code Max-Age} only when positive
     * (and its {@code clearCookie} uses an {@code Expires} date, which depends on the browser's
     * clock), so that one attribute is written here by hand.
     */
    static String header(String name, String value, String path, Duration maxAge, SameSite sameSite) {
        SetCookie.Builder cookie = SetCookie.builder(name, value).path(path).secure(true).httpOnly(true).sameSite(sameSite);
        return maxAge.toSeconds() > 0 ? cookie.maxAge(maxAge).build().text() : cookie.build().text() + "; Max-Age=0";
    }
}
