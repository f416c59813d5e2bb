package dev.gatehouse.core.oidc;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
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

    /** RFC 6749 §3.3 scope-token: printable ASCII without space, quote or backslash. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final int MAX_SCOPES = 30;
    /** Loose on purpose: it decides only whether a username is shown as an address, not who gets mail. */
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private OidcScopes() {
    }

    /** Whether a space-separated scope string contains {@code scope}. */
    public static boolean has(String scopes, String scope) {
        return scopes != null && Arrays.asList(scopes.split(" ")).contains(scope);
    }

    /**
     * The scopes of a {@code scope} parameter, in the order asked, each once (empty for none);
     * empty when it is malformed: characters RFC 6749 §3.3 excludes, more than one space between
     * two scopes or around them, or more than
     * {@value #MAX_SCOPES} scopes.
     */
    public static Optional<List<String>> parse(String scope) {
        if (scope == null || scope.isEmpty()) {
            return Optional.of(List.of());
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : scope.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                return Optional.empty();
            }
            scopes.add(s);
        }
        return scopes.size() > MAX_SCOPES ? Optional.empty() : Optional.of(List.copyOf(scopes));
    }

    /**
     * Whether a client may ask for a scope: one it is registered for, or, when {@code standard},
     * one of OpenID Connect's; {@value #OFFLINE_ACCESS} only when it may use refresh tokens.
     *
     * @param standard whether the standard OpenID scopes are allowed (not for a client acting on its own behalf)
     */
    public static boolean allows(ClientRegistration registration, String scope, boolean standard) {
        if (registration.scopes().contains(scope)) {
            return true;
        }
        if (scope.equals(OFFLINE_ACCESS)) {
            return standard && registration.allows(GrantType.REFRESH_TOKEN);
        }
        return standard && STANDARD.contains(scope);
    }

    /** Whether a client may ask for every scope of a well-formed, non-empty space-separated request. */
    public static boolean allowed(ClientRegistration registration, String scopes, boolean standard) {
        Optional<List<String>> parsed = parse(scopes);
        return parsed.isPresent() && !parsed.get().isEmpty()
                && parsed.get().stream().allMatch(s -> allows(registration, s, standard));
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
