package dev.gatehouse.server.oauth;

import dev.gatehouse.core.error.OAuthErrorCode;

/**
 * A failure on an OAuth endpoint, answered in the OAuth error format (RFC 6749 §5.2):
 * {@code {"error": ..., "error_description": ...}} instead of problem+json.
 */
final class OAuthError extends RuntimeException {

    private final OAuthErrorCode error;

    OAuthError(OAuthErrorCode error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(OAuthErrorCode.INVALID_REQUEST, description);
    }

    OAuthErrorCode error() {
        return error;
    }
}
