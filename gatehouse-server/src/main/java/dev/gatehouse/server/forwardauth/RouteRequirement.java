package dev.gatehouse.server.forwardauth;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.session.AuthenticationNeed;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.server.http.Parameters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What one route behind the proxy demands of a session beyond being signed in: a second factor,
 * a sign-in at most so many seconds ago, or both. The proxy says so per location, on the
 * {@code /v1/verify} request: query parameters {@code mfa=true} and {@code max_age=SECONDS}, or
 * headers {@code X-Gatehouse-Require-Mfa: true} and {@code X-Gatehouse-Max-Age: SECONDS}. When
 * both forms are given, the stricter of each wins, so a header set for a whole server cannot
 * weaken a location's query.
 *
 * <p>A malformed value is refused ({@code invalid_parameter}, 400), never read as "no demand":
 * a typo in a proxy's configuration must not open the route it was meant to guard.
 */
final class RouteRequirement {

    static final HeaderName REQUIRE_MFA = HeaderNames.create("X-Gatehouse-Require-Mfa");
    static final HeaderName MAX_AGE = HeaderNames.create("X-Gatehouse-Max-Age");
    /** A year: beyond any session's absolute lifetime, so a larger value is a mistake. */
    static final long MOST_MAX_AGE_SECONDS = 366L * 24 * 3600;
    private RouteRequirement() {
    }

    /** The demands of this request's route; none when it names none. */
    static AuthenticationNeed of(ServerRequest req) {
        boolean mfa = flag(req.query().first("mfa").asOptional(), "mfa")
                | flag(req.headers().first(REQUIRE_MFA), REQUIRE_MFA.defaultCase());
        long query = Parameters.number(req.query().first("max_age").asOptional(), "max_age", -1, 0, MOST_MAX_AGE_SECONDS);
        long header = Parameters.number(req.headers().first(MAX_AGE), MAX_AGE.defaultCase(), -1, 0, MOST_MAX_AGE_SECONDS);
        long seconds = query < 0 ? header : header < 0 ? query : Math.min(query, header);
        return new AuthenticationNeed(mfa, seconds < 0 ? null : Duration.ofSeconds(seconds));
    }

    private static boolean flag(Optional<String> value, String name) {
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(ErrorCode.INVALID_PARAMETER,
                    "parameter '" + name + "' must be true or false");
        };
    }

    /**
     * Why a session proved as {@code proof} does not meet {@code need} at {@code now}, and where
     * its owner steps up (the step-up page on the same origin as the routes: the proxy forwards it
     * to Gatehouse); empty when it does.
     */
    static Optional<StepUp> unmet(AuthenticationNeed need, Authentications proof, Instant now) {
        if (need.isMetBy(proof, now)) {
            return Optional.empty();
        }
        String location = dev.gatehouse.server.pages.StepUp.PATH + "?" + dev.gatehouse.server.pages.StepUp.query(need.shortfall(proof));
        if (need.multiFactor() && !proof.isMultiFactor()) {
            return Optional.of(new StepUp(location, "this route needs a second factor; the session proved "
                    + String.join(",", proof.amr())));
        }
        return Optional.of(new StepUp(location, "this route needs a sign-in at most " + need.maxAge().toSeconds()
                + " s ago; the session's was " + Duration.between(proof.authTime(), now).toSeconds() + " s ago"));
    }

    /**
     * Where the session's owner proves more, and why.
     *
     * @param location the step-up page with its need, e.g. {@code /step-up?need=mfa}
     * @param reason   what was missing, with the numbers; no secret
     */
    record StepUp(String location, String reason) {
    }
}
