package dev.gatehouse.verifier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * A {@code jakarta.servlet} filter that lets a request through only with a valid Gatehouse access
 * token. The request then reports the token as its {@link HttpServletRequest#getUserPrincipal()
 * user principal} (named by the subject), {@code getRemoteUser()} and {@code getAuthType()}
 * ({@code "Bearer"}), and carries the {@link VerifiedToken} as the attribute
 * {@link #TOKEN_ATTRIBUTE}. Otherwise it answers itself, as {@link BearerAuthenticator} decides,
 * with a small JSON body {@code {"error": ..., "error_description": ...}} and
 * {@code Cache-Control: no-store}. Given an {@link AuthenticationRequirement}, it also refuses
 * valid tokens whose session lacks the second factor or recent sign-in demanded: 401 with the
 * RFC 9470 challenge, for example {@code WWW-Authenticate: Bearer realm="orders",
 * error="insufficient_user_authentication", error_description="...", acr_values="2"}.
 */
public final class GatehouseBearerFilter implements Filter {

    /** The request attribute holding the {@link VerifiedToken}. */
    public static final String TOKEN_ATTRIBUTE = VerifiedToken.class.getName();

    private final BearerAuthenticator authenticator;

    /** A filter that accepts any valid token. */
    public GatehouseBearerFilter(GatehouseVerifier verifier, String realm) {
        this(new BearerAuthenticator(verifier, realm));
    }

    /** A filter that accepts valid tokens whose session was proved as {@code requirement} demands. */
    public GatehouseBearerFilter(GatehouseVerifier verifier, String realm, AuthenticationRequirement requirement) {
        this(new BearerAuthenticator(verifier, realm).requiring(requirement));
    }

    /** A filter with the authenticator's realm, required scopes and authentication requirement. */
    public GatehouseBearerFilter(BearerAuthenticator authenticator) {
        this.authenticator = java.util.Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        switch (authenticator.authenticate(req.getHeader("Authorization"))) {
            case BearerResult.Authenticated(VerifiedToken token) -> {
                req.setAttribute(TOKEN_ATTRIBUTE, token);
                chain.doFilter(new Authenticated(req, token), response);
            }
            case BearerResult.Refused refused -> {
                res.setStatus(refused.status());
                refused.wwwAuthenticate().ifPresent(v -> res.setHeader("WWW-Authenticate", v));
                if (refused.status() == 503) {
                    res.setHeader("Retry-After", "1");
                }
                res.setHeader("Cache-Control", "no-store");
                res.setContentType("application/json");
                byte[] body = ("{\"error\":\"" + refused.error().orElse("unauthorized") + "\",\"error_description\":\""
                        + refused.description().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                res.setContentLength(body.length);
                res.getOutputStream().write(body);
            }
        }
    }

    private static final class Authenticated extends HttpServletRequestWrapper {
        private final VerifiedToken token;

        Authenticated(HttpServletRequest request, VerifiedToken token) {
            super(request);
            this.token = token;
        }

        @Override
        public Principal getUserPrincipal() {
            return token;
        }

        @Override
        public String getRemoteUser() {
            return token.subject();
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }
    }
}
