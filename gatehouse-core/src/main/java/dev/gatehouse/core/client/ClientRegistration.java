package dev.gatehouse.core.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client is registered for as an OAuth 2.0 / OpenID Connect client: how it authenticates,
 * where it may be sent back to, what it may ask for. Stored with the client as one JSON text
 * ({@link #encode()}, {@link #parse(String)}); never queried by its parts.
 *
 * @param name                   shown on the consent page and on the account page; the id when blank
 * @param authMethod             how it authenticates at the token endpoint
 * @param redirectUris           where authorization answers may go, matched exactly (loopback
 *                               ports aside, RFC 8252 §7.3)
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser afterwards
 * @param grantTypes             the grants it may use
 * @param scopes                 the scopes it may ask for
 * @param firstParty             an application of the same operator: no consent page
 * @param accessTokenLifetime    its access tokens' lifetime, or null for the server's
 * @param grantLifetime          how long a grant (its refresh tokens) lasts at most, or null for
 *                               the session policy's absolute lifetime
 * @param backchannelLogoutUri   where logout tokens are posted (OIDC Back-Channel Logout), or null
 * @param jwks                   its public keys as a JWKS document, for {@code private_key_jwt}, or null
 * @param jwksUri                where its JWKS is published, for {@code private_key_jwt}, or null
 */
public record ClientRegistration(String name, ClientAuthMethod authMethod, List<String> redirectUris,
                                 List<String> postLogoutRedirectUris, Set<GrantType> grantTypes, Set<String> scopes,
                                 boolean firstParty, Duration accessTokenLifetime, Duration grantLifetime,
                                 String backchannelLogoutUri, String jwks, String jwksUri) {

    public ClientRegistration {
        name = name == null ? "" : name;
        Objects.requireNonNull(authMethod, "authMethod");
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = grantTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grantTypes));
        scopes = Set.copyOf(scopes);
    }

    /**
     * The registration of a client made before clients had one (or made without one): a
     * confidential client checks tokens (introspection, the revocation feed) with its secret; a
     * public one signs users in through {@code /v1/login} and refreshes.
     */
    public static ClientRegistration basic(boolean confidential) {
        return new ClientRegistration("", confidential ? ClientAuthMethod.CLIENT_SECRET_BASIC : ClientAuthMethod.NONE,
                List.of(), List.of(), confidential ? Set.of() : Set.of(GrantType.REFRESH_TOKEN), Set.of(), false, null,
                null, null, null, null);
    }

    public boolean allows(GrantType grantType) {
        return grantTypes.contains(grantType);
    }

    /** The name to show people. */
    public String displayName(String clientId) {
        return name.isBlank() ? clientId : name;
    }

    /** One JSON object; the stored form. */
    public String encode() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("auth_method", authMethod.wireName());
        json.put("redirect_uris", redirectUris);
        json.put("post_logout_redirect_uris", postLogoutRedirectUris);
        json.put("grant_types", grantTypes.stream().map(GrantType::wireName).sorted().toList());
        json.put("scopes", new TreeSet<>(scopes).stream().toList());
        json.put("first_party", firstParty);
        if (accessTokenLifetime != null) {
            json.put("access_token_lifetime_s", accessTokenLifetime.toSeconds());
        }
        if (grantLifetime != null) {
            json.put("grant_lifetime_s", grantLifetime.toSeconds());
        }
        putIfPresent(json, "backchannel_logout_uri", backchannelLogoutUri);
        putIfPresent(json, "jwks", jwks);
        putIfPresent(json, "jwks_uri", jwksUri);
        return JSONObjectUtils.toJSONString(json);
    }

    /** Reads what {@link #encode()} wrote. */
    public static ClientRegistration parse(String stored) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(stored);
            Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
            for (String g : strings(json, "grant_types")) {
                grants.add(GrantType.fromWire(g).orElseThrow(() -> new IllegalArgumentException("grant type " + g)));
            }
            String method = JSONObjectUtils.getString(json, "auth_method");
            return new ClientRegistration(JSONObjectUtils.getString(json, "name"),
                    ClientAuthMethod.fromWire(method).orElseThrow(() -> new IllegalArgumentException("auth method " + method)),
                    strings(json, "redirect_uris"), strings(json, "post_logout_redirect_uris"), grants,
                    Set.copyOf(strings(json, "scopes")), JSONObjectUtils.getBoolean(json, "first_party"),
                    seconds(json, "access_token_lifetime_s"), seconds(json, "grant_lifetime_s"),
                    JSONObjectUtils.getString(json, "backchannel_logout_uri"), JSONObjectUtils.getString(json, "jwks"),
                    JSONObjectUtils.getString(json, "jwks_uri"));
        } catch (ParseException | RuntimeException e) {
            throw new IllegalStateException("a stored client registration cannot be read: " + e.getMessage(), e);
        }
    }

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static List<String> strings(Map<String, Object> json, String name) throws ParseException {
        List<String> values = new ArrayList<>();
        String[] array = JSONObjectUtils.getStringArray(json, name);
        if (array != null) {
            values.addAll(List.of(array));
        }
        return values;
    }

    private static Duration seconds(Map<String, Object> json, String name) throws ParseException {
        return json.containsKey(name) ? Duration.ofSeconds(JSONObjectUtils.getLong(json, name)) : null;
    }
}
