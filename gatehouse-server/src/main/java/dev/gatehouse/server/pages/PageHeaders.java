package dev.gatehouse.server.pages;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * The headers every page is sent with, in one place.
 *
 * <p>The content security policy allows no inline script or style at all: the one stylesheet
 * and the one script (passkeys, which need the browser's WebAuthn API and {@code fetch} to
 * Gatehouse itself) are served from {@code /assets}. Forms may post only to Gatehouse, and, since
 * browsers apply {@code form-action} to the redirect that follows a form too, to the origins
 * sign-in may return to.
 */
final class PageHeaders {

    /** Everything a page of Gatehouse never needs. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "serial=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()";

    private final String formTargets;
    private final String csp;

    PageHeaders(List<String> returnOrigins) {
        this.formTargets = "'self'" + (returnOrigins.isEmpty() ? "" : " " + String.join(" ", returnOrigins));
        this.csp = csp(formTargets);
    }

    private static String csp(String formTargets) {
        return "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action " + formTargets
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    void apply(ServerResponse res) {
        send(res, csp);
    }

    /**
     * The headers of a page whose form leads to one more place: the client a consent or a
     * sign-out sends the browser back to. {@code source} is a CSP source expression the caller
     * made from an address it has checked.
     */
    void applyWithFormTarget(ServerResponse res, String source) {
        send(res, csp(formTargets + " " + source));
    }

    private static void send(ServerResponse res, String csp) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), csp);
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("Permissions-Policy"), PERMISSIONS_POLICY);
        res.header(HeaderNames.create("Cross-Origin-Opener-Policy"), "same-origin");
    }
}
