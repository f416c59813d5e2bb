package dev.gatehouse.verifier;

/**
 * Why a token was refused: the one unchecked exception family of this library.
 *
 * <p>Each subclass names one check; its message says what failed, with numbers where they help
 * ("expired 1234 ms ago, allowed skew 60000 ms"). Messages never contain the token, and contain
 * header or claim values only after they were found short and printable, so a message may be
 * logged and, with care, sent back as an RFC 6750 {@code error_description}.
 *
 * <p>{@link #status()} is the HTTP status a resource server should answer with: 401 for a token
 * that is at fault (or, {@link InsufficientAuthenticationException}, whose session was not proved
 * strongly or recently enough), 503 when the verifier itself cannot decide safely (no keys yet, revocation
 * feed stale while failing closed).
 */
public abstract sealed class TokenRejectedException extends RuntimeException
        permits MalformedTokenException, UnacceptableHeaderException, AlgorithmMismatchException,
        UnknownKeyException, InvalidSignatureException, WrongTokenTypeException, WrongIssuerException,
        WrongAudienceException, ExpiredTokenException, PrematureTokenException, InvalidClaimException,
        RevokedTokenException, RevocationsUnavailableException, KeysUnavailableException,
        InsufficientAuthenticationException {

    private static final long serialVersionUID = 1L;

    TokenRejectedException(String message) {
        super(message, null, false, false);
    }

    TokenRejectedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** A stable, short code for logs and metrics, such as {@code expired} or {@code revoked}. */
    public abstract String code();

    /** The HTTP status to answer with: 401 when the token is at fault, 503 when the verifier is. */
    public int status() {
        return 401;
    }
}
