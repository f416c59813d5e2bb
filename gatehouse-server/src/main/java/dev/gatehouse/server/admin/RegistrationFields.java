package dev.gatehouse.server.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A client's registration as the admin API reads and writes it, in RFC 7591's names
 * ({@code client_name}, {@code token_endpoint_auth_method}, {@code redirect_uris}...); lifetimes
 * in seconds, {@code scope} space-separated, {@code jwks} a JWK set object. Only the shape is
 * checked here; the rules are {@link dev.gatehouse.core.client.ClientRegistrations}'.
 */
public record RegistrationFields(String clientName, String tokenEndpointAuthMethod, List<String> redirectUris,
                                 List<String> postLogoutRedirectUris, List<String> grantTypes, String scope,
                                 Boolean firstParty, Long accessTokenLifetime, Long grantLifetime,
                                 String backchannelLogoutUri, Map<String, Object> jwks, String jwksUri) {

    /**
     * The registration these fields describe; absent fields take their defaults.
     *
     * @param method the auth method when {@code token_endpoint_auth_method} is absent
     */
    public ClientRegistration toRegistration(ClientAuthMethod method) {
        ClientAuthMethod chosen = tokenEndpointAuthMethod == null ? method
                : ClientAuthMethod.fromWire(tokenEndpointAuthMethod).orElseThrow(() -> invalid(
                        "token_endpoint_auth_method must be one of "
                                + Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::wireName).toList()));
        Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
        for (String g : texts(grantTypes, "grant_types")) {
            grants.add(GrantType.fromWire(g).orElseThrow(() -> invalid("grant_types: '" + g + "' is not one of "
                    + Arrays.stream(GrantType.values()).map(GrantType::wireName).toList())));
        }
        Set<String> scopes = scope == null || scope.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(scope.strip().split(" +")));
        return new ClientRegistration(clientName, chosen, texts(redirectUris, "redirect_uris"),
                texts(postLogoutRedirectUris, "post_logout_redirect_uris"), grants, scopes, Boolean.TRUE.equals(firstParty),
                seconds(accessTokenLifetime, "access_token_lifetime"), seconds(grantLifetime, "grant_lifetime"),
                backchannelLogoutUri, jwks == null ? null : JSONObjectUtils.toJSONString(jwks), jwksUri);
    }

    /** The fields of a stored registration. */
    public static RegistrationFields of(ClientRegistration r) {
        return new RegistrationFields(r.name(), r.authMethod().wireName(), r.redirectUris(), r.postLogoutRedirectUris(),
                r.grantTypes().stream().map(GrantType::wireName).sorted().toList(),
                String.join(" ", r.scopes().stream().sorted().toList()), r.firstParty(),
                r.accessTokenLifetime() == null ? null : r.accessTokenLifetime().toSeconds(),
                r.grantLifetime() == null ? null : r.grantLifetime().toSeconds(), r.backchannelLogoutUri(),
                r.jwks() == null ? null : parse(r.jwks()), r.jwksUri());
    }

    private static List<String> texts(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, field + " must be a list of strings");
        }
        return values;
    }

    private static Duration seconds(Long value, String field) {
        if (value == null) {
            return null;
        }
        if (value < 1) {
            throw invalid(field + " is a number of seconds, at least 1");
        }
        return Duration.ofSeconds(value);
    }

    private static Map<String, Object> parse(String jwks) {
        try {
            return JSONObjectUtils.parse(jwks);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored JWK set does not parse", e);
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, message);
    }
}
