package dev.gatehouse.server.http.oauth;

/**
 * A failure on an OAuth endpoint, answered in the OAuth error format (RFC 6749 §5.2):
 * {@code {"error": ..., "error_description": ...}} instead of problem+json.
 */
final class OAuthError extends RuntimeException {

    private final int status;
    private final String error;

    OAuthError(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
