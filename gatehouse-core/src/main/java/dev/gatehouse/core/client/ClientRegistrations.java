package dev.gatehouse.core.client;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a {@link ClientRegistration} may be stored: the command
 * line, the admin API and the admin pages all register through {@link Clients}, which asks here.
 *
 * <p>The rules, and why:
 * <ul>
 *   <li>Redirect and post-logout redirect URIs are absolute and have no fragment (RFC 6749
 *       §3.1.2); they are https, or http on a loopback address (RFC 8252 §7.3: the traffic never
 *       leaves the machine), or, for a public client (a native app), a private-use scheme
 *       containing a dot (RFC 8252 §7.1: a reversed domain name the app's owner controls). A
 *       confidential client gets no private-use scheme: any app could claim it.</li>
 *   <li>The back-channel logout URI and the {@code jwks_uri} are fetched or posted to by
 *       Gatehouse itself: https, or http on loopback, no fragment.</li>
 *   <li>{@code private_key_jwt} needs exactly one of {@code jwks} and {@code jwks_uri} (RFC 7591
 *       §2); a JWKS given inline parses and holds public keys only (a private key sent to
 *       Gatehouse has leaked). Keys are for {@code private_key_jwt} only.</li>
 *   <li>{@code authorization_code} needs a redirect URI to answer to; {@code client_credentials}
 *       needs a client that can authenticate; a confidential client's {@code refresh_token} needs
 *       a grant that issues refresh tokens ({@code authorization_code} or the device grant). A
 *       public client may hold {@code refresh_token} alone: it signs in through Gatehouse's own
 *       {@code /v1/login}, which issues refresh tokens too ({@link ClientRegistration#basic}).</li>
 *   <li>Scopes are RFC 6749 §3.3 scope tokens. Lifetimes are positive; an access-token lifetime
 *       is at most the server's, since signing keys stay published and revocation entries are
 *       kept only that long; a grant lifetime at most ten years.</li>
 * </ul>
 * Whether the secret matches the auth method is {@link Clients}' check, since only it sees the secret.
 */
public final class ClientRegistrations {

    /** RFC 6749 §3.3: {@code 1*( %x21 / %x23-5B / %x5D-7E )}. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");
    private static final int MAX_URIS = 20;
    private static final int MAX_URI_LENGTH = 2000;
    private static final int MAX_SCOPES = 50;
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_JWKS_LENGTH = 20_000;
    /** Longer than any session policy allows, and short enough that deadlines computed from it stay valid instants. */
    static final Duration MAX_GRANT_LIFETIME = Duration.ofDays(3650);

    private final Duration maxAccessTokenLifetime;

    /** @param maxAccessTokenLifetime the server's access-token lifetime, the most a client may have */
    public ClientRegistrations(Duration maxAccessTokenLifetime) {
        this.maxAccessTokenLifetime = maxAccessTokenLifetime;
    }

    /**
     * The registration as it will be stored, with its defaults filled in: no grant types means
     * {@code authorization_code} and {@code refresh_token} for a client with redirect URIs, else
     * what a client without a registration gets ({@link ClientRegistration#basic}).
     *
     * @throws InvalidInputException {@code invalid_redirect_uri} or {@code invalid_client_registration}
     */
    public ClientRegistration check(ClientRegistration r) {
        if (r == null) {
            throw invalid("a client registration is needed");
        }
        ClientRegistration full = withDefaults(r);
        boolean isPublic = full.authMethod() == ClientAuthMethod.NONE;
        checkName(full.name());
        checkUris("redirect URI", full.redirectUris(), isPublic);
        checkUris("post-logout redirect URI", full.postLogoutRedirectUris(), isPublic);
        if (full.backchannelLogoutUri() != null) {
            checkServerUri("back-channel logout URI", full.backchannelLogoutUri(), ErrorCode.INVALID_REDIRECT_URI);
        }
        checkKeys(full);
        checkGrantTypes(full, isPublic);
        checkScopes(full.scopes());
        checkLifetime("access token lifetime", full.accessTokenLifetime());
        checkLifetime("grant lifetime", full.grantLifetime());
        if (full.grantLifetime() != null && full.grantLifetime().compareTo(MAX_GRANT_LIFETIME) > 0) {
            throw invalid("the grant lifetime " + full.grantLifetime().toSeconds() + " s exceeds "
                    + MAX_GRANT_LIFETIME.toSeconds() + " s (ten years)");
        }
        if (full.accessTokenLifetime() != null && full.accessTokenLifetime().compareTo(maxAccessTokenLifetime) > 0) {
            throw invalid("the access token lifetime " + full.accessTokenLifetime().toSeconds()
                    + " s exceeds the server's " + maxAccessTokenLifetime.toSeconds() + " s (tokens.access-token-lifetime)");
        }
        return full;
    }

    private static ClientRegistration withDefaults(ClientRegistration r) {
        if (!r.grantTypes().isEmpty()) {
            return r;
        }
        Set<GrantType> grants = r.redirectUris().isEmpty()
                ? ClientRegistration.basic(r.authMethod() != ClientAuthMethod.NONE).grantTypes()
                : EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        return new ClientRegistration(r.name(), r.authMethod(), r.redirectUris(), r.postLogoutRedirectUris(), grants,
                r.scopes(), r.firstParty(), r.accessTokenLifetime(), r.grantLifetime(), r.backchannelLogoutUri(),
                r.jwks(), r.jwksUri());
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("a client name has at most " + MAX_NAME_LENGTH + " characters and no control characters");
        }
    }

    private static void checkUris(String what, List<String> uris, boolean isPublic) {
        if (uris.size() > MAX_URIS) {
            throw invalid("at most " + MAX_URIS + " " + what + "s, got " + uris.size());
        }
        for (String text : uris) {
            URI uri = absolute(what, text, ErrorCode.INVALID_REDIRECT_URI);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("https") || (scheme.equals("http") && isLoopback(uri));
            boolean privateUse = isPublic && scheme.contains(".");
            if (!web && !privateUse) {
                throw new InvalidInputException(ErrorCode.INVALID_REDIRECT_URI, "the " + what + " '" + text
                        + "' must be https, http on 127.0.0.1, [::1] or localhost, or (for a public client) a "
                        + "private-use scheme such as com.example.app:/callback");
            }
            if (web && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new InvalidInputException(ErrorCode.INVALID_REDIRECT_URI, "the " + what + " '" + text
                        + "' has no host");
            }
        }
    }

    /** A URI Gatehouse itself calls: https, or http on loopback. */
    private static URI checkServerUri(String what, String text, ErrorCode code) {
        URI uri = absolute(what, text, code);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && isLoopback(uri)))) {
            throw new InvalidInputException(code, "the " + what + " '" + text
                    + "' must be https, or http on 127.0.0.1, [::1] or localhost");
        }
        return uri;
    }

    private static URI absolute(String what, String text, ErrorCode code) {
        if (text == null || text.isEmpty() || text.length() > MAX_URI_LENGTH) {
            throw new InvalidInputException(code, "a " + what + " has 1 to " + MAX_URI_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(code, "the " + what + " '" + text + "' is not a URI: " + e.getReason());
        }
        if (!uri.isAbsolute()) {
            throw new InvalidInputException(code, "the " + what + " '" + text + "' is not absolute");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidInputException(code, "the " + what + " '" + text + "' has a fragment");
        }
        return uri;
    }

    private static boolean isLoopback(URI uri) {
        return uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private static void checkKeys(ClientRegistration r) {
        boolean keyed = r.authMethod() == ClientAuthMethod.PRIVATE_KEY_JWT;
        if (!keyed) {
            if (r.jwks() != null || r.jwksUri() != null) {
                throw invalid("jwks and jwks_uri are only for token_endpoint_auth_method private_key_jwt");
            }
            return;
        }
        if ((r.jwks() == null) == (r.jwksUri() == null)) {
            throw invalid("private_key_jwt needs exactly one of jwks and jwks_uri");
        }
        if (r.jwksUri() != null) {
            checkServerUri("jwks_uri", r.jwksUri(), ErrorCode.INVALID_CLIENT_REGISTRATION);
            return;
        }
        if (r.jwks().length() > MAX_JWKS_LENGTH) {
            throw invalid("jwks has at most " + MAX_JWKS_LENGTH + " characters");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(r.jwks());
        } catch (ParseException e) {
            throw invalid("jwks is not a JWK set: " + e.getMessage());
        }
        if (set.getKeys().isEmpty()) {
            throw invalid("jwks holds no key");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw invalid("jwks holds a private key" + (key.getKeyID() == null ? "" : " (kid " + key.getKeyID() + ")")
                        + ": register the public key only, and replace the leaked one");
            }
        }
    }

    private static void checkGrantTypes(ClientRegistration r, boolean isPublic) {
        if (r.allows(GrantType.AUTHORIZATION_CODE) && r.redirectUris().isEmpty()) {
            throw invalid("grant type authorization_code needs at least one redirect URI");
        }
        if (r.allows(GrantType.CLIENT_CREDENTIALS) && isPublic) {
            throw invalid("grant type client_credentials needs a confidential client (token_endpoint_auth_method "
                    + "other than none)");
        }
        if (r.allows(GrantType.REFRESH_TOKEN) && !isPublic && !r.allows(GrantType.AUTHORIZATION_CODE)
                && !r.allows(GrantType.DEVICE_CODE)) {
            throw invalid("grant type refresh_token needs authorization_code or "
                    + GrantType.DEVICE_CODE.wireName() + ", which issue refresh tokens");
        }
    }

    private static void checkScopes(Set<String> scopes) {
        if (scopes.size() > MAX_SCOPES) {
            throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "at most " + MAX_SCOPES + " scopes, got " + scopes.size());
        }
        for (String scope : scopes) {
            if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
                throw new InvalidInputException(ErrorCode.INVALID_SCOPE, "the scope '" + scope
                        + "' is not a scope token (1 to 100 printable ASCII characters, no space, \" or \\)");
            }
        }
    }

    private static void checkLifetime(String what, Duration lifetime) {
        if (lifetime != null && (lifetime.isNegative() || lifetime.toSeconds() < 1)) {
            throw invalid("the " + what + " must be at least 1 s, got " + lifetime.toSeconds() + " s");
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, message);
    }
}
