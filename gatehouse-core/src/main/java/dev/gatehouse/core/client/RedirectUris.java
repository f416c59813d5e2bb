package dev.gatehouse.core.client;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an address a request names is one a client registered: where authorization answers
 * ({@code redirect_uri}) and the browser after RP-initiated logout
 * ({@code post_logout_redirect_uri}) may be sent.
 *
 * <p>The rule is exact string comparison (RFC 6749 §3.1.2, OAuth 2.0 Security BCP §4.1.3): no
 * normalisation, no case folding, no prefix or pattern matching, because every one of those has
 * been an open redirect somewhere. The one exception is RFC 8252 §7.3: a native app listens on a
 * loopback port the operating system picks at run time, so for a registered
 * {@code http://127.0.0.1/...} or {@code http://[::1]/...} the port of the presented address may
 * be any; everything else, path and query included, must still be the same characters.
 * {@code localhost} gets no such exception (RFC 8252 §8.3: it may resolve elsewhere), and a
 * private-use scheme ({@code com.example.app:/callback}) is matched exactly like any other. An
 * address with a fragment is never matched (RFC 6749 §3.1.2).
 */
public final class RedirectUris {

    /** A loopback IP literal with an optional port and the rest of the address; nothing may sit between them. */
    private static final Pattern LOOPBACK = Pattern.compile("http://(127\\.0\\.0\\.1|\\[::1\\])(?::([0-9]{1,5}))?([/?].*)?",
            Pattern.DOTALL);
    /** Longer than any address a browser sends back; refused before any comparison. */
    private static final int MAX_LENGTH = 2048;

    private RedirectUris() {
    }

    /** Whether {@code presented} is one of {@code registered}, by the rule above. */
    public static boolean matches(List<String> registered, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_LENGTH || presented.indexOf('#') >= 0) {
            return false;
        }
        if (registered.contains(presented)) {
            return true;
        }
        Matcher asked = LOOPBACK.matcher(presented);
        if (!asked.matches() || !validPort(asked.group(2))) {
            return false;
        }
        for (String candidate : registered) {
            Matcher r = LOOPBACK.matcher(candidate);
            if (r.matches() && r.group(1).equals(asked.group(1)) && rest(r).equals(rest(asked))) {
                return true;
            }
        }
        return false;
    }

    private static String rest(Matcher m) {
        return m.group(3) == null ? "" : m.group(3);
    }

    private static boolean validPort(String port) {
        if (port == null) {
            return true;
        }
        int n = Integer.parseInt(port);
        return n >= 1 && n <= 65535 && !port.startsWith("0");
    }
}
