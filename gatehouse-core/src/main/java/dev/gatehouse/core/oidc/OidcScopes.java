package dev.gatehouse.core.oidc;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.ClientRegistration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The OpenID Connect scopes and the claims each one releases, in one place for the ID token and
 * the userinfo endpoint. Accounts have a username and nothing else, so {@code profile} releases
 * {@code preferred_username} and {@code name} (both the username), and {@code email} releases
 * {@code email} only when the username is an e-mail address, never verified ({@code
 * email_verified} false): Gatehouse never checked that the account owns that mailbox.
 */
public final class OidcScopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final String OFFLINE_ACCESS = "offline_access";
    /** The scopes every client may ask for, besides the ones it is registered for. */
    public static final List<String> STANDARD = List.of(OPENID, PROFILE, EMAIL, OFFLINE_ACCESS);
    /** Every claim an ID token or the userinfo endpoint may carry, for the discovery document. */
    public static final List<String> CLAIMS = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr",
            "acr", "sid", "azp", "at_hash", "preferred_username", "name", "email", "email_verified");

    /** Loose on purpose: it decides only whether a username is shown as an address, not who gets mail. */
    /** RFC 6749 §3.3 scope-token: printable ASCII without space, quote or backslash. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private OidcScopes() {
    }

    /** Whether a space-separated scope string contains {@code scope}. */
    public static boolean has(String scopes, String scope) {
        return scopes != null && Arrays.asList(scopes.split(" ")).contains(scope);
    }

    /**
     * Whether a client may ask for every scope of a space-separated request: each is a standard
     * one or one the client is registered for. A malformed request (empty names, characters
     * RFC 6749 §3.3 excludes) is not allowed either.
     *
     * @param standard whether the standard OpenID scopes are allowed (not for a client acting on its own behalf)
     */
    public static boolean allowed(ClientRegistration registration, String scopes, boolean standard) {
        if (scopes == null || scopes.isEmpty() || scopes.length() > 1000) {
            return false;
        }
        for (String scope : scopes.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(scope).matches()
                    || !(registration.scopes().contains(scope) || (standard && STANDARD.contains(scope)))) {
                return false;
            }
        }
        return true;
    }

    /** The account's claims that {@code scopes} release, {@code sub} not included. */
    public static Map<String, Object> claims(Account account, String scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (has(scopes, PROFILE)) {
            claims.put("preferred_username", account.username());
            claims.put("name", account.username());
        }
        if (has(scopes, EMAIL) && EMAIL_ADDRESS.matcher(account.username()).matches()) {
            claims.put("email", account.username());
            claims.put("email_verified", false);
        }
        return claims;
    }
}
