package dev.gatehouse.verifier;

import java.util.Optional;

/** What {@link BearerAuthenticator} decided about one request: a principal, or an RFC 6750 refusal. */
public sealed interface BearerResult {

    /** The request carries a valid token. */
    record Authenticated(VerifiedToken token) implements BearerResult {
    }

    /**
     * The request must be refused with this status; send {@code wwwAuthenticate} as the
     * {@code WWW-Authenticate} header when present.
     *
     * @param status          401 (no or bad token, or a session not proved as required), 400 (malformed request), 403 (insufficient scope)
     *                        or 503 (the verifier cannot decide safely right now)
     * @param error           the RFC 6750 error code, absent when the request simply had no token
     * @param description     a human-readable reason, safe to send (never contains the token)
     * @param wwwAuthenticate the challenge, absent for 503
     */
    record Refused(int status, Optional<String> error, String description, Optional<String> wwwAuthenticate)
            implements BearerResult {
    }
}
