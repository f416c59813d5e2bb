package dev.gatehouse.core.error;

/**
 * The error codes of the OAuth endpoints (RFC 6749 §5.2, RFC 7009 §2.2.1), each with the status
 * it is answered with. {@link ErrorCode#oauthError()} says which of them a Gatehouse failure
 * becomes on those endpoints.
 */
public enum OAuthErrorCode {
    INVALID_REQUEST("invalid_request", 400,
            "A parameter is missing, repeated or malformed; also every failure whose code has no OAuth error of its own"),
    INVALID_CLIENT("invalid_client", 401,
            "Client authentication failed; answered with a `WWW-Authenticate: Basic` challenge"),
    INVALID_GRANT("invalid_grant", 400,
            "The code, refresh token or device code is invalid, expired, revoked, used already or another client's; "
                    + "or the PKCE verifier, the redirect URI or the approving session no longer matches"),
    INVALID_SCOPE("invalid_scope", 400,
            "A scope the client may not ask for; or any scope on a refresh, which keeps the scope of the sign-in"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400,
            "A grant type this server does not offer"),
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400,
            "A `token_type_hint` other than `access_token` or `refresh_token` (RFC 7009)"),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400,
            "The client is not registered for this grant type, or must authenticate with its registered method"),
    AUTHORIZATION_PENDING("authorization_pending", 400,
            "The device authorization has not been approved or denied yet: poll again after the interval (RFC 8628)"),
    SLOW_DOWN("slow_down", 400, "The device polled sooner than the interval after its last poll (RFC 8628)"),
    ACCESS_DENIED("access_denied", 400, "The person denied the device authorization (RFC 8628)"),
    EXPIRED_TOKEN("expired_token", 400, "The device code expired: start again (RFC 8628)");

    private final String error;
    private final int status;
    private final String title;

    OAuthErrorCode(String error, int status, String title) {
        this.error = error;
        this.status = status;
        this.title = title;
    }

    /** The value of the {@code error} member. */
    public String error() {
        return error;
    }

    /** The HTTP status it is answered with. */
    public int status() {
        return status;
    }

    /** What it means, for a human reading the docs. */
    public String title() {
        return title;
    }
}
