package dev.gatehouse.server.cli;

import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of {@code gatehouse client create} that make a client's registration. They are
 * turned into a {@link ClientRegistration} here and nothing more: whether it may be stored is
 * {@link dev.gatehouse.core.client.ClientRegistrations}' decision, as for the admin API and pages.
 */
final class RegistrationOptions {

    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,9})([smhd]?)");

    @Option(names = "--type", paramLabel = "confidential|public", description = "confidential (has a secret or "
            + "keys; the default with --secret-stdin) or public (an app; the default otherwise).")
    String type;

    @Option(names = "--auth-method", paramLabel = "METHOD", description = "token_endpoint_auth_method: "
            + "client_secret_basic (default for confidential), client_secret_post, private_key_jwt, none (public).")
    String authMethod;

    @Option(names = "--name", description = "The name people see (consent page, account page).")
    String name;

    @Option(names = "--redirect-uri", paramLabel = "URI", description = "Where authorization answers may go (repeatable).")
    List<String> redirectUris;

    @Option(names = "--post-logout-redirect-uri", paramLabel = "URI", description = "Where a logout may send the "
            + "browser afterwards (repeatable).")
    List<String> postLogoutRedirectUris;

    @Option(names = "--grant-type", paramLabel = "TYPE", description = "authorization_code, refresh_token, "
            + "client_credentials or device_code (repeatable; default: authorization_code and refresh_token with a "
            + "redirect URI).")
    List<String> grantTypes;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope it may ask for besides openid, profile, "
            + "email and offline_access (repeatable, or several separated by spaces).")
    List<String> scopes;

    @Option(names = "--first-party", description = "An application of the same operator: no consent page.")
    boolean firstParty;

    @Option(names = "--access-token-lifetime", paramLabel = "TIME", description = "Its access tokens' lifetime, such "
            + "as 300, 300s, 5m (at most the server's).")
    String accessTokenLifetime;

    @Option(names = "--grant-lifetime", paramLabel = "TIME", description = "How long a grant lasts at most, such as 12h or 30d.")
    String grantLifetime;

    @Option(names = "--backchannel-logout-uri", paramLabel = "URI", description = "Where logout tokens are posted "
            + "(OpenID Connect Back-Channel Logout).")
    String backchannelLogoutUri;

    @Option(names = "--jwks-file", paramLabel = "FILE", description = "A JWK set file of its public keys (private_key_jwt).")
    Path jwksFile;

    @Option(names = "--jwks-uri", paramLabel = "URI", description = "Where its JWK set is published (private_key_jwt).")
    String jwksUri;

    /** The registration the options describe. */
    ClientRegistration registration(boolean secretGiven) throws IOException {
        return new ClientRegistration(name, method(secretGiven), list(redirectUris), list(postLogoutRedirectUris),
                grants(), scopes(), firstParty, lifetime(accessTokenLifetime, "--access-token-lifetime"),
                lifetime(grantLifetime, "--grant-lifetime"), backchannelLogoutUri,
                jwksFile == null ? null : Files.readString(jwksFile, StandardCharsets.UTF_8).strip(), jwksUri);
    }

    private ClientAuthMethod method(boolean secretGiven) {
        Boolean confidential = switch (type == null ? "" : type) {
            case "" -> null;
            case "confidential" -> true;
            case "public" -> false;
            default -> throw invalid("--type is confidential or public, not '" + type + "'");
        };
        ClientAuthMethod method;
        if (authMethod != null) {
            method = ClientAuthMethod.fromWire(authMethod).orElseThrow(() -> invalid("--auth-method is one of "
                    + Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::wireName).toList()));
        } else if (jwksFile != null || jwksUri != null) {
            method = ClientAuthMethod.PRIVATE_KEY_JWT;
        } else {
            boolean secret = confidential == null ? secretGiven : confidential;
            method = secret ? ClientAuthMethod.CLIENT_SECRET_BASIC : ClientAuthMethod.NONE;
        }
        if (confidential != null && confidential != (method != ClientAuthMethod.NONE)) {
            throw invalid("--type " + type + " contradicts --auth-method " + method.wireName());
        }
        return method;
    }

    private Set<GrantType> grants() {
        Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
        for (String g : list(grantTypes)) {
            String wire = g.equals("device_code") ? GrantType.DEVICE_CODE.wireName() : g;
            grants.add(GrantType.fromWire(wire).orElseThrow(() -> invalid("--grant-type '" + g
                    + "' is not authorization_code, refresh_token, client_credentials or device_code")));
        }
        return grants;
    }

    private Set<String> scopes() {
        Set<String> all = new LinkedHashSet<>();
        for (String s : list(scopes)) {
            Arrays.stream(s.strip().split(" +")).filter(x -> !x.isEmpty()).forEach(all::add);
        }
        return all;
    }

    private static Duration lifetime(String text, String option) {
        if (text == null) {
            return null;
        }
        Matcher m = LIFETIME.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(option + " is a number of seconds, or of minutes, hours or days with m, h or d: not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_CLIENT_REGISTRATION, message);
    }
}
