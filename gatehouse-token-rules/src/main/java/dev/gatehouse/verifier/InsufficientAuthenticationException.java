package dev.gatehouse.verifier;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A valid token whose session was not proved strongly or recently enough for this resource (RFC
 * 9470): it lacks a second factor, or its owner authenticated longer ago than allowed. The token
 * is not at fault and stays valid elsewhere; the client must send its user through a step-up and
 * come back with a new token.
 *
 * <p>{@link #challenge()} is the {@code WWW-Authenticate} value RFC 9470 §3 describes, naming
 * what the new token must show: {@code acr_values="2"} for a second factor, {@code max_age} for a
 * recent sign-in. The message carries the numbers ("authenticated 912 s ago, at most 300 s
 * allowed") and no claim value beyond the short {@code amr} names, so it may be logged and sent
 * as the challenge's {@code error_description}.
 */
public final class InsufficientAuthenticationException extends TokenRejectedException {

    private static final long serialVersionUID = 1L;

    /** The RFC 9470 error code. */
    public static final String CODE = "insufficient_user_authentication";

    /** Characters a quoted string may hold (RFC 6749 §A.7): no quotes, backslashes or controls. */
    private static final Pattern QUOTED_UNSAFE = Pattern.compile("[^\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]");

    private final String acrValues;
    private final Duration maxAge;

    /**
     * @param message   why, with numbers
     * @param acrValues the {@code acr} the new token must have ({@code "2"} for two factors), or null
     * @param maxAge    how recently the new token's owner must have authenticated, or null
     */
    public InsufficientAuthenticationException(String message, String acrValues, Duration maxAge) {
        super(message);
        if (acrValues == null && maxAge == null) {
            throw new IllegalArgumentException("say what the new token must show: acr_values, max_age or both");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("max_age must not be negative, got " + maxAge);
        }
        this.acrValues = acrValues;
        this.maxAge = maxAge;
    }

    @Override
    public String code() {
        return CODE;
    }

    /** The {@code acr} a new token must carry, when one is demanded. */
    public Optional<String> acrValues() {
        return Optional.ofNullable(acrValues);
    }

    /** How recently a new token's owner must have authenticated, when that is demanded. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * The {@code WWW-Authenticate} value, for example {@code Bearer error="insufficient_user_authentication",
     * error_description="authenticated 912 s ago, at most 300 s allowed", max_age=300}.
     */
    public String challenge() {
        return challenge(null);
    }

    /** As {@link #challenge()}, with {@code realm} first when it is not null. */
    public String challenge(String realm) {
        StringBuilder b = new StringBuilder("Bearer ");
        if (realm != null) {
            b.append("realm=\"").append(quotable(realm)).append("\", ");
        }
        b.append("error=\"").append(CODE).append("\", error_description=\"").append(quotable(getMessage()))
                .append('"');
        if (acrValues != null) {
            b.append(", acr_values=\"").append(quotable(acrValues)).append('"');
        }
        if (maxAge != null) {
            b.append(", max_age=").append(maxAge.toSeconds());
        }
        return b.toString();
    }

    private static String quotable(String text) {
        return QUOTED_UNSAFE.matcher(text).replaceAll("?");
    }
}
