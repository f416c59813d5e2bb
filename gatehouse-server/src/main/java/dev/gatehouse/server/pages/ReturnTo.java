package dev.gatehouse.server.pages;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Where the sign-in page may send the browser afterwards: a path on Gatehouse itself, or an
 * address on one of the origins listed in {@code pages.return-origins}. Anything else (another
 * site, or one of the classic disguises: {@code //evil}, {@code /\evil}, {@code https:evil},
 * user info, encoded slashes and backslashes, control characters) lands on {@code /account}.
 */
final class ReturnTo {

    static final String HOME = "/account";
    private static final int MAX_LENGTH = 2048;

    private final List<String> origins;

    ReturnTo(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    String resolve(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > MAX_LENGTH || !printableAscii(requested)) {
            return HOME;
        }
        if (requested.startsWith("/")) {
            return isLocalPath(requested) ? requested : HOME;
        }
        return isOnAllowedOrigin(requested) ? requested : HOME;
    }

    private static boolean isLocalPath(String path) {
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // A browser takes "//host" and "/\host" as another site; refuse them in the decoded form too,
        // in case something between here and the browser decodes once more.
        return !path.startsWith("//") && !decoded.startsWith("//") && !decoded.contains("\\") && !hasControl(decoded);
    }

    private boolean isOnAllowedOrigin(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.isOpaque() || uri.getRawUserInfo() != null || uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return origins.contains(origin) && url.toLowerCase(Locale.ROOT).startsWith(origin)
                && (url.length() == origin.length() || "/?#".indexOf(url.charAt(origin.length())) >= 0);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** No spaces, controls, backslashes or characters outside ASCII: none belongs in a URL we send. */
    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
