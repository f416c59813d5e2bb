package dev.gatehouse.core.oidc;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.client.RedirectUris;
import dev.gatehouse.core.error.ErrorCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An authorization request ({@code /oauth2/authorize}) whose parameters passed every check:
 * response type {@code code}, a client registered for the authorization code grant, a redirect
 * URI it registered ({@link RedirectUris}), a PKCE S256 challenge, scopes it may ask for.
 *
 * <p>{@link #check} decides in which of three ways a request is answered, in the order RFC 6749
 * §4.1.2.1 demands: a request whose client or redirect URI cannot be trusted is never answered
 * at that URI ({@link Checked.Unanswerable}, an error page: no open redirect); any other fault
 * goes back to the client ({@link Checked.Refused}); the rest is {@link Checked.Valid}.
 *
 * @param client        the client asking
 * @param redirectUri   where the answer goes, as presented (a loopback port may differ from the registered one)
 * @param state         the client's {@code state}, returned as it came, or null
 * @param scopes        the scopes asked for, in the order asked, each once
 * @param codeChallenge the PKCE S256 challenge
 * @param nonce         the OpenID Connect {@code nonce}, or null
 * @param prompts       the {@code prompt} values: {@code none}, {@code login}, {@code consent}, {@code select_account}
 * @param maxAge        the {@code max_age}, or null
 * @param loginHint     the {@code login_hint}, or null
 */
public record AuthorizationRequest(Client client, String redirectUri, String state, List<String> scopes,
                                   String codeChallenge, String nonce, Set<String> prompts, Duration maxAge,
                                   String loginHint) {

    /** The parameters of the request this type reads; {@link #parameters()} writes them back. */
    public static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "login_hint", "response_mode");

    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    private static final int MAX_STATE = 1024;
    private static final int MAX_NONCE = 512;
    private static final int MAX_LOGIN_HINT = 256;

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
        prompts = Set.copyOf(prompts);
    }

    /** How a request is answered. */
    public sealed interface Checked {
        /** Neither the client nor its redirect URI can be trusted: an error page, never a redirect. */
        record Unanswerable(ErrorCode code, String message) implements Checked {
        }

        /** A fault reported to the client at its redirect URI. */
        record Refused(String redirectUri, String state, AuthorizationError error, String description) implements Checked {
        }

        record Valid(AuthorizationRequest request) implements Checked {
        }
    }

    /** The granted scopes as one space-separated string. */
    public String scope() {
        return String.join(" ", scopes);
    }

    public boolean prompts(String value) {
        return prompts.contains(value);
    }

    /** This request as parameters again (to come back to it after signing in, or from the consent form). */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client.id());
        p.put("redirect_uri", redirectUri);
        if (!scopes.isEmpty()) {
            p.put("scope", scope());
        }
        putIfPresent(p, "state", state);
        p.put("code_challenge", codeChallenge);
        p.put("code_challenge_method", "S256");
        putIfPresent(p, "nonce", nonce);
        if (!prompts.isEmpty()) {
            p.put("prompt", String.join(" ", PROMPTS.stream().filter(prompts::contains).sorted().toList()));
        }
        if (maxAge != null) {
            p.put("max_age", Long.toString(maxAge.toSeconds()));
        }
        putIfPresent(p, "login_hint", loginHint);
        return p;
    }

    /** The same request without {@code prompt=login} and {@code max_age=0}: what a fresh sign-in has satisfied. */
    public AuthorizationRequest afterSignIn() {
        Set<String> rest = new LinkedHashSet<>(prompts);
        rest.remove("login");
        return new AuthorizationRequest(client, redirectUri, state, scopes, codeChallenge, nonce, rest,
                maxAge != null && maxAge.isZero() ? null : maxAge, loginHint);
    }

    /**
     * Checks a request's parameters.
     *
     * @param params     its parameters (query or form), each once
     * @param repeated   names of parameters that came more than once (RFC 6749 §3.1 forbids it)
     * @param findClient the registered client with an id
     */
    public static Checked check(Map<String, String> params, Set<String> repeated,
                                Function<String, Optional<Client>> findClient) {
        String clientId = params.get("client_id");
        if (repeated.contains("client_id") || clientId == null || clientId.isEmpty() || clientId.length() > 100) {
            return new Checked.Unanswerable(ErrorCode.UNKNOWN_CLIENT, "client_id is missing, repeated or malformed");
        }
        Optional<Client> found = findClient.apply(clientId);
        if (found.isEmpty()) {
            return new Checked.Unanswerable(ErrorCode.UNKNOWN_CLIENT, "no registered client with this client_id");
        }
        Client client = found.get();
        String redirectUri = params.get("redirect_uri");
        if (repeated.contains("redirect_uri") || !RedirectUris.matches(client.registration().redirectUris(), redirectUri)) {
            return new Checked.Unanswerable(ErrorCode.INVALID_REDIRECT_URI,
                    "redirect_uri is missing or is not one the client registered");
        }
        String state = params.get("state");
        if (state != null && (state.length() > MAX_STATE || repeated.contains("state"))) {
            return new Checked.Refused(redirectUri, null, AuthorizationError.INVALID_REQUEST,
                    "state is repeated or longer than " + MAX_STATE + " characters");
        }
        return checkRest(params, repeated, client, redirectUri, state);
    }

    private static Checked checkRest(Map<String, String> params, Set<String> repeated, Client client,
                                     String redirectUri, String state) {
        if (!repeated.isEmpty()) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                    "parameter '" + repeated.iterator().next() + "' is repeated");
        }
        if (params.containsKey("request")) {
            return refuse(redirectUri, state, AuthorizationError.REQUEST_NOT_SUPPORTED, "request objects are not supported");
        }
        if (params.containsKey("request_uri")) {
            return refuse(redirectUri, state, AuthorizationError.REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported");
        }
        String responseType = params.get("response_type");
        if (responseType == null || responseType.isEmpty()) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST, "response_type is required");
        }
        if (!responseType.equals("code")) {
            return refuse(redirectUri, state, AuthorizationError.UNSUPPORTED_RESPONSE_TYPE,
                    "only response_type=code is supported");
        }
        if (!client.registration().allows(GrantType.AUTHORIZATION_CODE)) {
            return refuse(redirectUri, state, AuthorizationError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for the authorization code grant");
        }
        String mode = params.get("response_mode");
        if (mode != null && !mode.equals("query")) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST, "only response_mode=query is supported");
        }
        String method = params.get("code_challenge_method");
        String challenge = params.get("code_challenge");
        if (challenge == null || challenge.isEmpty()) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST, "code_challenge is required (PKCE, S256)");
        }
        if (!"S256".equals(method)) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                    "code_challenge_method must be S256 (plain is not accepted)");
        }
        if (!CODE_CHALLENGE.matcher(challenge).matches()) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                    "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
        }
        Optional<List<String>> scopes = OidcScopes.parse(params.get("scope"));
        if (scopes.isEmpty()) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_SCOPE, "scope is malformed");
        }
        for (String scope : scopes.get()) {
            if (!OidcScopes.allows(client.registration(), scope, true)) {
                return refuse(redirectUri, state, AuthorizationError.INVALID_SCOPE,
                        "the client may not ask for scope '" + scope + "'");
            }
        }
        return checkOpenId(params, client, redirectUri, state, scopes.get(), challenge);
    }

    private static Checked checkOpenId(Map<String, String> params, Client client, String redirectUri, String state,
                                       List<String> scopes, String challenge) {
        String nonce = params.get("nonce");
        if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE)) {
            return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                    "nonce must be 1 to " + MAX_NONCE + " characters");
        }
        Set<String> prompts = new LinkedHashSet<>();
        String prompt = params.get("prompt");
        if (prompt != null && !prompt.isBlank()) {
            for (String p : prompt.strip().split(" +")) {
                if (!PROMPTS.contains(p)) {
                    return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                            "prompt must be none, login, consent or select_account");
                }
                prompts.add(p);
            }
            if (prompts.contains("none") && prompts.size() > 1) {
                return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                        "prompt=none cannot be combined with other values");
            }
        }
        Duration maxAge = null;
        String age = params.get("max_age");
        if (age != null) {
            if (!age.matches("[0-9]{1,9}")) {
                return refuse(redirectUri, state, AuthorizationError.INVALID_REQUEST,
                        "max_age must be a whole number of seconds");
            }
            maxAge = Duration.ofSeconds(Long.parseLong(age));
        }
        String hint = params.get("login_hint");
        if (hint != null && (hint.isEmpty() || hint.length() > MAX_LOGIN_HINT)) {
            hint = null; // a hint only pre-fills a field: a useless one is dropped, not refused
        }
        return new Checked.Valid(new AuthorizationRequest(client, redirectUri, state, scopes, challenge, nonce, prompts,
                maxAge, hint));
    }

    private static Checked refuse(String redirectUri, String state, AuthorizationError error, String description) {
        return new Checked.Refused(redirectUri, state, error, description);
    }

    private static void putIfPresent(Map<String, String> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }
}
