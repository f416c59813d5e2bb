package dev.gatehouse.verifier;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The framework-neutral entry point: an {@code Authorization} header value in, a
 * {@link BearerResult} out, following RFC 6750 §3: no token gives 401 with a bare
 * {@code Bearer realm="..."} challenge; a malformed header 400 {@code invalid_request}; a refused
 * token 401 {@code invalid_token} with the reason as {@code error_description}; a token without a
 * required scope 403 {@code insufficient_scope}; a token whose session was not proved as
 * {@link #requiring(AuthenticationRequirement) required} 401
 * {@code insufficient_user_authentication} with the RFC 9470 challenge ({@code acr_values},
 * {@code max_age}); a verifier that cannot decide (no keys yet, revocation feed stale) 503.
 * Immutable and thread-safe.
 */
public final class BearerAuthenticator {

    /** RFC 6750 b64token. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern QUOTED_SAFE = Pattern.compile("[^\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]");

    private final GatehouseVerifier verifier;
    private final String realm;
    private final List<String> requiredScopes;
    private final AuthenticationRequirement requirement;

    /**
     * @param realm          the realm named in challenges, for example the service name
     * @param requiredScopes scopes every accepted token must carry (none: any valid token)
     */
    public BearerAuthenticator(GatehouseVerifier verifier, String realm, String... requiredScopes) {
        this(verifier, safe(realm == null ? "gatehouse" : realm), List.of(requiredScopes),
                AuthenticationRequirement.none());
    }

    private BearerAuthenticator(GatehouseVerifier verifier, String realm, List<String> requiredScopes,
                                AuthenticationRequirement requirement) {
        this.verifier = java.util.Objects.requireNonNull(verifier, "verifier");
        this.realm = realm;
        this.requiredScopes = requiredScopes;
        this.requirement = java.util.Objects.requireNonNull(requirement, "requirement");
    }

    /**
     * This authenticator, also demanding that each token's session was proved as
     * {@code requirement} says (checked at the verifier's clock, after the scopes).
     */
    public BearerAuthenticator requiring(AuthenticationRequirement requirement) {
        return new BearerAuthenticator(verifier, realm, requiredScopes, requirement);
    }

    /** Decides about one request from its {@code Authorization} header (null when absent). */
    public BearerResult authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()
                || !authorization.strip().toLowerCase(Locale.ROOT).startsWith("bearer")) {
            return new BearerResult.Refused(401, Optional.empty(), "no bearer token",
                    Optional.of("Bearer realm=\"" + realm + "\""));
        }
        String rest = authorization.strip().substring("bearer".length());
        if (rest.isEmpty() || rest.charAt(0) != ' ' || !TOKEN68.matcher(rest.substring(1)).matches()) {
            return refuse(400, "invalid_request", "the Authorization header is not 'Bearer <token>'");
        }
        VerifiedToken token;
        try {
            token = verifier.verify(rest.substring(1));
        } catch (TokenRejectedException e) {
            if (e.status() == 503) {
                return new BearerResult.Refused(503, Optional.empty(), e.getMessage(), Optional.empty());
            }
            return refuse(401, "invalid_token", e.getMessage());
        }
        for (String scope : requiredScopes) {
            if (!token.hasScope(scope)) {
                return new BearerResult.Refused(403, Optional.of("insufficient_scope"), "the token lacks scope " + scope,
                        Optional.of("Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", scope=\""
                                + safe(String.join(" ", requiredScopes)) + "\""));
            }
        }
        try {
            requirement.check(token, verifier.clock());
        } catch (InsufficientAuthenticationException e) {
            return new BearerResult.Refused(e.status(), Optional.of(e.code()), e.getMessage(),
                    Optional.of(e.challenge(realm)));
        }
        return new BearerResult.Authenticated(token);
    }

    private BearerResult refuse(int status, String error, String description) {
        return new BearerResult.Refused(status, Optional.of(error), description, Optional.of("Bearer realm=\"" + realm
                + "\", error=\"" + error + "\", error_description=\"" + safe(description) + "\""));
    }

    /** RFC 6749 §A.7 error_description characters only: no quotes, backslashes or controls. */
    private static String safe(String text) {
        return QUOTED_SAFE.matcher(text).replaceAll("?");
    }
}
