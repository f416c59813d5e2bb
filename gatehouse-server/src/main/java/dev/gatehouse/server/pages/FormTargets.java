package dev.gatehouse.server.pages;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CSP source expression of an address a form's redirect leads to: its origin for http and
 * https, its scheme for any other (a native app's private-use scheme). Made only from addresses
 * already matched against a client's registration, and checked again here to hold nothing but
 * the characters of a source expression, so no address can add a directive to the policy.
 */
public final class FormTargets {

    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9+.-]*:(//[a-z0-9.\\-\\[\\]:]+)?");

    private FormTargets() {
    }

    /** The source expression for {@code address}, or empty when none can be made. */
    public static Optional<String> of(String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String source;
        if (scheme.equals("http") || scheme.equals("https")) {
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            source = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } else {
            source = scheme + ":";
        }
        return SOURCE.matcher(source).matches() ? Optional.of(source) : Optional.empty();
    }
}
