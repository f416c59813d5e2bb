package dev.gatehouse.core.error;

import java.util.Optional;

/**
 * Every error code Gatehouse answers with: the stable {@code code} of its problem+json answers,
 * the HTTP status, the OAuth error it becomes on the OAuth endpoints where it has one, and a
 * title. This enum is the one place a code is declared, so a code cannot be renamed, or its
 * status changed, in one place and not in another; {@link ErrorCodesDoc} renders it into
 * {@code docs/errors.md}.
 *
 * <p>The codes are a contract: clients switch on them. Add codes; never rename one or change its
 * status. A {@link GatehouseException} is created with one of these, and its subclass must agree
 * with the status (a {@link NotAuthenticatedException} carries a 401 code, and so on). A few codes
 * are never thrown: the web server answers them itself, before or beside any route.
 */
public enum ErrorCode {
    // 400, 406, 408, 413, 415: InvalidInputException (408 is answered by the web server's filter only)
    BAD_REQUEST("bad_request", 400, "The request could not be parsed (the web server may answer another 4xx with it, such as 414 or 431)"),
    MALFORMED_JSON("malformed_json", 400, "The body is not well-formed JSON"),
    MISSING_BODY("missing_body", 400, "A JSON body is required"),
    UNKNOWN_FIELD("unknown_field", 400, "The body has a field this endpoint does not know"),
    MISSING_FIELD("missing_field", 400, "A required field is missing"),
    INVALID_FIELD("invalid_field", 400, "A field has a value of the wrong type or one not allowed here"),
    MALFORMED_FORM("malformed_form", 400, "The form body is not well-formed"),
    DUPLICATE_PARAMETER("duplicate_parameter", 400, "A form parameter is given more than once"),
    INVALID_PARAMETER("invalid_parameter", 400, "A query parameter is out of range"),
    INVALID_CURSOR("invalid_cursor", 400, "The paging cursor is not one this list handed out; start again from the first page"),
    UNSUPPORTED_TRANSPORT("unsupported_transport", 400, "The sign-in transport is not cookie, token or token-cookie"),
    UNKNOWN_CLIENT("unknown_client", 400, "No public client with this id, or one that cannot use this transport"),
    INVALID_SCOPE("invalid_scope", 400, "The scope is malformed or not allowed", OAuthErrorCode.INVALID_SCOPE),
    INVALID_USERNAME("invalid_username", 400, "The username does not follow the username rules"),
    WEAK_PASSWORD("weak_password", 400, "The new password is too short, too long or too common"),
    INVALID_CLIENT_ID("invalid_client_id", 400, "The client id does not follow the client id rules"),
    WEAK_SECRET("weak_secret", 400, "The client secret is too short"),
    INVALID_ROLE("invalid_role", 400, "A role name does not follow the role rules, or there are too many roles"),
    INVALID_AUDIENCE("invalid_audience", 400, "The audience is malformed, reserved, or not one the client may ask for"),
    FACTOR_NOT_ENROLLED("factor_not_enrolled", 400, "The account has no such second factor, or it is not confirmed"),
    INVALID_PASSKEY_RESPONSE("invalid_passkey_response", 400, "The WebAuthn response is not well-formed"),
    NOT_ACCEPTABLE("not_acceptable", 406, "The request's `Accept` excludes the only media type this endpoint answers with"),
    REQUEST_TIMEOUT("request_timeout", 408, "The request (its headers or body) did not arrive within `server.read-timeout`"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "The request body is larger than `server.max-body-bytes`"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "The body is not of the media type this endpoint reads"),

    // 401: NotAuthenticatedException
    UNAUTHENTICATED("unauthenticated", 401, "No valid session cookie or access token: sign in first"),
    INVALID_CREDENTIALS("invalid_credentials", 401, "The username or password is wrong"),
    ACCOUNT_LOCKED("account_locked", 401, "The account is locked by an administrator"),
    MFA_REQUIRED("mfa_required", 401, "The password was right; a second factor completes the sign-in (the answer names the `challenge` and the `factors`)"),
    INVALID_CHALLENGE("invalid_challenge", 401, "The sign-in challenge is unknown, expired, used up or spent"),
    INVALID_CODE("invalid_code", 401, "The second-factor code is wrong or was used already"),
    PASSKEY_REFUSED("passkey_refused", 401, "The passkey's answer failed verification (unknown passkey, wrong site, bad signature, or a counter that went back)"),
    INVALID_TOKEN("invalid_token", 401, "The access token fails a check: format, signature, issuer, audience or lifetime"),
    INVALID_GRANT("invalid_grant", 401, "The refresh token is invalid, expired or revoked", OAuthErrorCode.INVALID_GRANT),
    CLIENT_AUTHENTICATION_REQUIRED("client_authentication_required", 401, "This endpoint is for registered clients authenticating with HTTP Basic"),
    INVALID_CLIENT("invalid_client", 401, "Client authentication failed", OAuthErrorCode.INVALID_CLIENT),

    // 403: NotPermittedException
    FORBIDDEN("forbidden", 403, "The caller may not do this (for example it lacks the admin role)"),
    CSRF_REJECTED("csrf_rejected", 403, "A cookie-authenticated change that did not come from Gatehouse's own origin, or a form without a valid token"),
    WRONG_AUDIENCE("wrong_audience", 403, "The access token is for another audience than `gatehouse`"),
    BROWSER_SESSION_REQUIRED("browser_session_required", 403, "The admin API takes a browser's session cookie only, not access tokens in any carrier"),
    MFA_ENROLLMENT_REQUIRED("mfa_enrollment_required", 403, "The account must enrol a second factor before it signs in; the sign-in page leads there"),
    STEP_UP_REQUIRED("step_up_required", 403, "The session must prove a second factor or a more recent sign-in for this (see docs/mfa.md)"),

    // 404: NotFoundException
    NOT_FOUND("not_found", 404, "No such endpoint"),
    ACCOUNT_NOT_FOUND("account_not_found", 404, "No account with this username"),
    SESSION_NOT_FOUND("session_not_found", 404, "No active session of yours with this id"),
    CLIENT_NOT_FOUND("client_not_found", 404, "No registered client with this id"),
    PASSKEY_NOT_FOUND("passkey_not_found", 404, "No passkey of yours with this id"),

    // 405: answered by the routing itself
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "The endpoint does not allow this method (see `Allow`)"),

    // 409: ConflictException
    ACCOUNT_EXISTS("account_exists", 409, "An account with this username exists"),
    CLIENT_EXISTS("client_exists", 409, "A client with this id exists"),
    PASSKEY_EXISTS("passkey_exists", 409, "This passkey is registered already"),
    FACTOR_EXISTS("factor_exists", 409, "The account has this factor already; remove it first"),
    SELF_LOCKOUT("self_lockout", 409, "An administrator may not lock their own account or take away their own admin role"),

    // 429, 503: BusyException, with Retry-After; store_unavailable, storage_full: StoreUnavailableException
    TOO_MANY_ATTEMPTS("too_many_attempts", 429, "Too many sign-in attempts for this account or from this client; `Retry-After` says when to try again"),
    BUSY("busy", 503, "Password hashing is saturated; `Retry-After` says when to try again"),
    TOO_MANY_STREAMS("too_many_streams", 503, "Too many revocation streams on this node or for this client; `Retry-After` says when to try again"),
    STORE_UNAVAILABLE("store_unavailable", 503, "A store Gatehouse needs for this request failed or did not answer in time; nothing was decided; `Retry-After` says when to try again"),
    STORAGE_FULL("storage_full", 503, "The store's disk is full: nothing was written; checks of existing sessions and tokens still work; `Retry-After` says when to try again"),

    // 500, 505: answered by the web server or the error mapping itself
    INTERNAL_ERROR("internal_error", 500, "The server failed; the body's `requestId` finds the log line"),
    HTTP_VERSION_NOT_SUPPORTED("http_version_not_supported", 505, "The HTTP version is not supported"),

    // the OpenID provider's browser side, and client registrations (RFC 7591's names)
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400, "The `redirect_uri` or `post_logout_redirect_uri` is missing or not one the client registered (answered with an error page, never a redirect); or a URI in a client registration is not absolute, has a fragment, or is neither https, http on a loopback address, nor a private-use scheme of a public client"),
    CONSENT_NOT_FOUND("consent_not_found", 404, "You have given no consent to a client with this id"),
    INVALID_CLIENT_REGISTRATION("invalid_client_registration", 400, "The client registration contradicts itself or a limit: auth method and secret or keys, grant types, scopes or lifetimes");

    private final String code;
    private final int status;
    private final String title;
    private final OAuthErrorCode oauthError;

    ErrorCode(String code, int status, String title) {
        this(code, status, title, null);
    }

    ErrorCode(String code, int status, String title, OAuthErrorCode oauthError) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.oauthError = oauthError;
    }

    /** The stable, snake_case identifier clients switch on, for example {@code invalid_credentials}. */
    public String code() {
        return code;
    }

    /** The HTTP status of a problem+json answer with this code. */
    public int status() {
        return status;
    }

    /** What the code means, for a human reading the docs. */
    public String title() {
        return title;
    }

    /**
     * The OAuth error this failure is answered with on the OAuth endpoints; a code without one is
     * answered there as {@link OAuthErrorCode#INVALID_REQUEST}.
     */
    public Optional<OAuthErrorCode> oauthError() {
        return Optional.ofNullable(oauthError);
    }
}
