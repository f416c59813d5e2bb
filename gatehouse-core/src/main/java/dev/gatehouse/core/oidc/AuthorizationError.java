package dev.gatehouse.core.oidc;

/**
 * The errors an authorization request is answered with at the client's redirect URI (RFC 6749
 * §4.1.2.1, OpenID Connect Core §3.1.2.6). They never travel as an HTTP status: the browser is
 * redirected to the client with {@code error} and {@code error_description}, so they are a
 * catalogue of their own, apart from the token endpoint's {@code OAuthErrorCode}.
 */
public enum AuthorizationError {
    INVALID_REQUEST("invalid_request"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    ACCESS_DENIED("access_denied"),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type"),
    INVALID_SCOPE("invalid_scope"),
    LOGIN_REQUIRED("login_required"),
    CONSENT_REQUIRED("consent_required"),
    REQUEST_NOT_SUPPORTED("request_not_supported"),
    REQUEST_URI_NOT_SUPPORTED("request_uri_not_supported");

    private final String error;

    AuthorizationError(String error) {
        this.error = error;
    }

    /** The value of the {@code error} parameter. */
    public String error() {
        return error;
    }
}
