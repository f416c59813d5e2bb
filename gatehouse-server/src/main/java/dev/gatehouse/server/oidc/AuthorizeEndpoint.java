package dev.gatehouse.server.oidc;

import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.oidc.Authorization;
import dev.gatehouse.core.oidc.AuthorizationCodes;
import dev.gatehouse.core.oidc.AuthorizationError;
import dev.gatehouse.core.oidc.AuthorizationRequest;
import dev.gatehouse.core.oidc.AuthorizationRequest.Checked;
import dev.gatehouse.core.oidc.Consents;
import dev.gatehouse.core.session.AuthenticationNeed;
import dev.gatehouse.server.auth.Authenticator;
import dev.gatehouse.server.auth.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.gatehouse.server.pages.FormTargets;
import dev.gatehouse.server.pages.Pages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET} and {@code POST /oauth2/authorize}: the authorization code flow's front door
 * (RFC 6749 §4.1, OpenID Connect Core §3.1.2).
 *
 * <p>The browser's own Gatehouse session is the sign-in: a browser signed in already is not
 * asked again (single sign-on) unless the client says {@code prompt=login} or the sign-in is
 * older than {@code max_age}; one that is not, or must sign in again, goes to {@code /login},
 * which comes back here (a fresh sign-in replaces the session). Then consent
 * ({@link ConsentPage}; first-party clients and remembered consents skip it), then a code bound
 * to the client, the redirect URI, the PKCE challenge and the session it was approved in, whose
 * grant will belong to that session.
 *
 * <p>A request whose client or redirect URI cannot be trusted is answered with an error page
 * (through the error mapping), never at that URI; every other answer is a redirect to it
 * ({@link AuthorizationAnswers}).
 */
public final class AuthorizeEndpoint {

    public static final String PATH = "/oauth2/authorize";

    private final Clients clients;
    private final Authenticator authenticator;
    private final Consents consents;
    private final AuthorizationCodes codes;
    private final ConsentPage consentPage;
    private final AuthorizationAnswers answers;
    private final Clock clock;

    public AuthorizeEndpoint(Clients clients, Authenticator authenticator, Consents consents, AuthorizationCodes codes,
                             ConsentPage consentPage, String issuer, Clock clock) {
        this.clients = clients;
        this.authenticator = authenticator;
        this.consents = consents;
        this.codes = codes;
        this.consentPage = consentPage;
        this.answers = new AuthorizationAnswers(issuer);
        this.clock = clock;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        RequestParameters params = RequestParameters.of(req);
        Optional<AuthorizationRequest> request = check(res, params.values(), params.repeated());
        if (request.isPresent()) {
            proceed(req, res, request.get());
        }
    }

    /**
     * Checks a request: the valid request, or empty when the answer (an error at the redirect
     * URI) has been sent. An untrusted client or redirect URI is thrown, for the error page.
     */
    Optional<AuthorizationRequest> check(ServerResponse res, Map<String, String> params, Set<String> repeated) {
        Checked checked = AuthorizationRequest.check(params, repeated, clients::find);
        return switch (checked) {
            case Checked.Unanswerable u -> throw new InvalidInputException(u.code(), u.message());
            case Checked.Refused r -> {
                answers.error(res, r.redirectUri(), r.error(), r.description(), r.state());
                yield Optional.empty();
            }
            case Checked.Valid v -> Optional.of(v.request());
        };
    }

    /**
     * The CSP source of the client a sign-in's {@code return_to} leads to when it is an
     * authorization request of a registered client and redirect URI (see {@link Pages#returnTargets}).
     */
    public Optional<String> formTargetOf(String returnTo) {
        if (returnTo == null || !returnTo.startsWith(PATH + "?")) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : returnTo.substring(PATH.length() + 1).split("&")) {
            int eq = pair.indexOf('=');
            try {
                if (eq > 0 && params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String redirectUri = switch (AuthorizationRequest.check(params, Set.of(), clients::find)) {
            case Checked.Unanswerable u -> null;
            case Checked.Refused r -> r.redirectUri();
            case Checked.Valid v -> v.request().redirectUri();
        };
        return redirectUri == null ? Optional.empty() : FormTargets.of(redirectUri);
    }

    private void proceed(ServerRequest req, ServerResponse res, AuthorizationRequest request) {
        Optional<Caller> caller = authenticator.find(req).filter(c -> c.token() == null);
        if (caller.isEmpty() || !signedInRecently(caller.get(), request)) {
            if (request.prompts("none")) {
                answers.error(res, request.redirectUri(), AuthorizationError.LOGIN_REQUIRED,
                        caller.isEmpty() ? "the user is not signed in" : "the sign-in is older than max_age", request.state());
            } else {
                signInFirst(res, request);
            }
            return;
        }
        if (!request.client().registration().firstParty()
                && (request.prompts("consent") || !consents.covers(caller.get().account().id(), request.client().id(),
                        request.scopes()))) {
            if (request.prompts("none")) {
                answers.error(res, request.redirectUri(), AuthorizationError.CONSENT_REQUIRED,
                        "the user has not agreed to these scopes for this client", request.state());
            } else {
                consentPage.show(req, res, caller.get(), request);
            }
            return;
        }
        issue(res, caller.get(), request);
    }

    /** Issues the code and sends the browser back to the client with it. */
    void issue(ServerResponse res, Caller caller, AuthorizationRequest request) {
        Authorization approved = codes.approve(request.client().id(), request.redirectUri(), request.codeChallenge(),
                request.scope(), request.nonce(), caller.account().id(), caller.session().id());
        answers.code(res, request.redirectUri(), codes.issue(approved), request.state());
    }

    void deny(ServerResponse res, AuthorizationRequest request) {
        answers.error(res, request.redirectUri(), AuthorizationError.ACCESS_DENIED, "the user denied the request",
                request.state());
    }

    private boolean signedInRecently(Caller caller, AuthorizationRequest request) {
        if (request.prompts("login") || (request.maxAge() != null && request.maxAge().isZero())) {
            return false;
        }
        return request.maxAge() == null || AuthenticationNeed.recent(request.maxAge())
                .isRecentEnough(caller.session().authentications(), clock.instant());
    }

    /**
     * Sends the browser to the sign-in page, which comes back to this request without
     * {@code prompt=login} (the fresh sign-in satisfied it; asking again would never end).
     */
    private static void signInFirst(ServerResponse res, AuthorizationRequest request) {
        String back = AuthorizationAnswers.withQuery(PATH, request.afterSignIn().parameters());
        String login = "/login?return_to=" + AuthorizationAnswers.encode(back)
                + (request.loginHint() == null ? "" : "&login_hint=" + AuthorizationAnswers.encode(request.loginHint()));
        res.header(HeaderNames.LOCATION, login);
        res.status(Status.SEE_OTHER_303).send();
    }
}
