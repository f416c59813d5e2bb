package dev.gatehouse.token.rules;

import dev.gatehouse.verifier.ExpiredTokenException;
import dev.gatehouse.verifier.InvalidClaimException;
import dev.gatehouse.verifier.PrematureTokenException;
import dev.gatehouse.verifier.WrongAudienceException;
import dev.gatehouse.verifier.WrongIssuerException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims half of verification (RFC 9068 §4): issuer, audience, times against the clock with
 * the allowed skew, and the claims Gatehouse always sets. Runs only on a payload whose signature
 * verified.
 *
 * <p>Audience: a token is accepted when its {@code aud} (a string or an array of strings)
 * contains the expected audience. The server itself, which answers for every audience, checks
 * only that there is at least one ({@link #anyAudience}) and leaves the choice to the caller.
 *
 * <p>What the session proved ({@code amr}, {@code auth_time}, {@code acr}) is optional, since
 * tokens issued before Gatehouse wrote it stay valid until they expire, but when present it must
 * have its exact type: a resource server that demands a second factor must never read a
 * malformed {@code amr} as "none" and a malformed {@code auth_time} as "never".
 */
public final class ClaimsCheck {

    /** More method references than any session proves: a longer {@code amr} is refused, not read. */
    static final int MOST_AMR_VALUES = 16;

    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Clock clock;

    private ClaimsCheck(String issuer, String audience, Duration skew, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = audience;
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative, got " + skew);
        }
    }

    /** Tokens of {@code issuer} whose {@code aud} contains {@code audience}: a resource server's rule. */
    public static ClaimsCheck forAudience(String issuer, String audience, Duration skew, Clock clock) {
        return new ClaimsCheck(issuer, Objects.requireNonNull(audience, "audience"), skew, clock);
    }

    /** Tokens of {@code issuer} naming at least one audience: the issuer's own rule, callers decide which. */
    public static ClaimsCheck anyAudience(String issuer, Duration skew, Clock clock) {
        return new ClaimsCheck(issuer, null, skew, clock);
    }

    CheckedToken check(SignatureCheck.VerifiedJws jws) {
        Map<String, Object> claims = SignatureCheck.json(jws.payload(), "payload");
        Object iss = claims.get("iss");
        if (!issuer.equals(iss)) {
            throw new WrongIssuerException("iss is " + (iss instanceof String s ? Messages.shown(s) : "missing")
                    + ", expected " + issuer);
        }
        List<String> aud = audience(claims.get("aud"));
        if (audience != null && !aud.contains(audience)) {
            throw new WrongAudienceException("aud does not contain " + audience);
        }
        if (aud.isEmpty()) {
            throw new WrongAudienceException("aud names no audience");
        }
        Instant now = clock.instant();
        Instant exp = time(claims, "exp", true);
        Instant iat = time(claims, "iat", true);
        Instant nbf = time(claims, "nbf", false);
        long skewMillis = skew.toMillis();
        long expiredFor = Duration.between(exp, now).toMillis();
        if (expiredFor >= skewMillis) {
            throw new ExpiredTokenException("expired " + expiredFor + " ms ago, allowed skew " + skewMillis + " ms");
        }
        long early = Duration.between(now, iat).toMillis();
        if (early > skewMillis) {
            throw new PrematureTokenException("issued " + early + " ms in the future, allowed skew " + skewMillis + " ms");
        }
        if (nbf != null && Duration.between(now, nbf).toMillis() > skewMillis) {
            throw new PrematureTokenException("not valid for another " + Duration.between(now, nbf).toMillis()
                    + " ms (nbf), allowed skew " + skewMillis + " ms");
        }
        Object scope = claims.get("scope");
        if (scope != null && !(scope instanceof String)) {
            throw new InvalidClaimException("scope is not a string");
        }
        return new CheckedToken(issuer, text(claims, "sub"), aud, text(claims, "sid"), text(claims, "client_id"),
                text(claims, "jti"), (String) scope, iat, exp, jws.key().kid(),
                amr(claims.get("amr")), authTime(claims.get("auth_time")), optionalText(claims, "acr"));
    }

    /** RFC 8176: an array of strings; absent means nothing was said, not that nothing was proved. */
    private static List<String> amr(Object amr) {
        if (amr == null) {
            return List.of();
        }
        if (!(amr instanceof List<?> list) || list.size() > MOST_AMR_VALUES) {
            throw new InvalidClaimException("amr is not an array of at most " + MOST_AMR_VALUES + " strings");
        }
        for (Object value : list) {
            if (!(value instanceof String s) || s.isEmpty()) {
                throw new InvalidClaimException("amr holds a value that is not a non-empty string");
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** Whole seconds, as OpenID Connect and RFC 9470 write it; a fraction is refused, not rounded. */
    private static Instant authTime(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof BigDecimal seconds) || seconds.signum() < 0
                || seconds.compareTo(BigDecimal.valueOf(253402300799L)) > 0
                || seconds.stripTrailingZeros().scale() > 0) {
            throw new InvalidClaimException("auth_time is not a NumericDate in whole seconds");
        }
        return Instant.ofEpochSecond(seconds.longValueExact());
    }

    private static String optionalText(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new InvalidClaimException(name + " is not a non-empty string");
    }

    private static List<String> audience(Object aud) {
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new WrongAudienceException("aud is missing or not a string or array of strings");
    }

    private static String text(Map<String, Object> claims, String name) {
        if (claims.get(name) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new InvalidClaimException(name + " is missing or not a non-empty string");
    }

    private static Instant time(Map<String, Object> claims, String name, boolean required) {
        Object value = claims.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof BigDecimal seconds) || seconds.signum() < 0
                || seconds.compareTo(BigDecimal.valueOf(253402300799L)) > 0) {
            throw new InvalidClaimException(name + " is missing or not a NumericDate");
        }
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
}
