package dev.gatehouse.rp.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The app's two pages: who is signed in (with a sign-out button), and the page after signing out. */
@RestController
class SignedInPage {

    @GetMapping(value = "/", produces = "text/html")
    String home(@AuthenticationPrincipal OidcUser user, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return page("Relying party", "<p id=\"user\">Signed in as <b id=\"username\">" + escape(user.getPreferredUsername())
                + "</b> (sub <code id=\"sub\">" + escape(user.getSubject()) + "</code>, sid <code id=\"sid\">"
                + escape(user.getClaimAsString("sid")) + "</code>)</p>"
                + "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"" + csrf.getParameterName()
                + "\" value=\"" + escape(csrf.getToken()) + "\"><button type=\"submit\">Sign out</button></form>");
    }

    @GetMapping(value = "/signed-out", produces = "text/html")
    String signedOut() {
        return page("Signed out", "<p>You are signed out of the relying party.</p><p><a href=\"/\">Sign in</a></p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><main><h1>" + title + "</h1>" + body + "</main></body></html>";
    }

    private static String escape(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
