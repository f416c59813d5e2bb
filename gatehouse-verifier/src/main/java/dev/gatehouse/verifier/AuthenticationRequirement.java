package dev.gatehouse.verifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a resource demands of how its caller's session was proved, beyond a valid token: a second
 * factor ({@code amr} contains {@code mfa}), a recent authentication ({@code auth_time} at most so
 * long ago), or both. Immutable and thread-safe; build it once per resource:
 *
 * <pre>{@code
 * AuthenticationRequirement payments = AuthenticationRequirement.multiFactor().withMaxAge(Duration.ofMinutes(5));
 * payments.check(token, clock); // or verifier.verify(token, payments)
 * }</pre>
 *
 * <p>A token that does not meet it is refused with {@link InsufficientAuthenticationException},
 * whose {@link InsufficientAuthenticationException#challenge() challenge} tells the client what
 * to ask Gatehouse for (RFC 9470). A token that does not say how it was proved (no {@code amr},
 * no {@code auth_time}, as issued before Gatehouse wrote them) meets no demand: an absent claim
 * is never read as a second factor or as a recent sign-in.
 */
public final class AuthenticationRequirement {

    /** The {@code acr} Gatehouse gives a session proved by two factors; what a challenge asks for. */
    public static final String MULTI_FACTOR_ACR = "2";

    private static final AuthenticationRequirement NONE = new AuthenticationRequirement(false, null);

    private final boolean multiFactor;
    private final Duration maxAge;

    private AuthenticationRequirement(boolean multiFactor, Duration maxAge) {
        this.multiFactor = multiFactor;
        this.maxAge = maxAge;
    }

    /** Demands nothing beyond a valid token; a start for {@link #withMultiFactor()} and {@link #withMaxAge}. */
    public static AuthenticationRequirement none() {
        return NONE;
    }

    /** Demands a second factor. */
    public static AuthenticationRequirement multiFactor() {
        return NONE.withMultiFactor();
    }

    /** Demands an authentication at most {@code maxAge} ago (whole seconds, as {@code auth_time} has). */
    public static AuthenticationRequirement maxAge(Duration maxAge) {
        return NONE.withMaxAge(maxAge);
    }

    /** This requirement, and a second factor. */
    public AuthenticationRequirement withMultiFactor() {
        return new AuthenticationRequirement(true, maxAge);
    }

    /**
     * This requirement, and an authentication at most {@code maxAge} ago.
     *
     * @throws IllegalArgumentException when {@code maxAge} is negative or not whole seconds
     */
    public AuthenticationRequirement withMaxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.getNano() != 0) {
            throw new IllegalArgumentException("max age must be whole seconds, not negative; got " + maxAge);
        }
        return new AuthenticationRequirement(multiFactor, maxAge);
    }

    /** Whether a second factor is demanded. */
    public boolean requiresMultiFactor() {
        return multiFactor;
    }

    /** How recent the authentication must be, or null when any age will do. */
    public Duration maxAge() {
        return maxAge;
    }

    /** Whether {@code token} meets this requirement at {@code clock}'s now. */
    public boolean isMetBy(VerifiedToken token, Clock clock) {
        try {
            check(token, clock);
            return true;
        } catch (InsufficientAuthenticationException e) {
            return false;
        }
    }

    /**
     * Checks a verified token at {@code clock}'s now.
     *
     * @throws InsufficientAuthenticationException when the token lacks a second factor this
     *         requirement demands, or its {@code auth_time} is missing or older than the max age
     */
    public void check(VerifiedToken token, Clock clock) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(clock, "clock");
        String acrValues = multiFactor ? MULTI_FACTOR_ACR : null;
        if (multiFactor && !token.isMultiFactor()) {
            throw new InsufficientAuthenticationException("a second factor is required, the token's amr is "
                    + amr(token), acrValues, maxAge);
        }
        if (maxAge != null) {
            Instant authTime = token.authTime();
            if (authTime == null) {
                throw new InsufficientAuthenticationException("an authentication at most " + maxAge.toSeconds()
                        + " s ago is required, the token does not say when (no auth_time)", acrValues, maxAge);
            }
            long ago = Duration.between(authTime, clock.instant()).toSeconds();
            if (ago > maxAge.toSeconds()) {
                throw new InsufficientAuthenticationException("authenticated " + ago + " s ago, at most "
                        + maxAge.toSeconds() + " s allowed", acrValues, maxAge);
            }
        }
    }

    private static String amr(VerifiedToken token) {
        if (token.amr().isEmpty()) {
            return "absent";
        }
        return token.amr().stream().map(dev.gatehouse.token.rules.Messages::shown)
                .collect(Collectors.joining(" ", "[", "]"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationRequirement r && r.multiFactor == multiFactor
                && Objects.equals(r.maxAge, maxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(multiFactor, maxAge);
    }

    @Override
    public String toString() {
        return "AuthenticationRequirement[multiFactor=" + multiFactor
                + (maxAge == null ? "" : ", maxAge=" + maxAge.toSeconds() + " s") + "]";
    }
}
