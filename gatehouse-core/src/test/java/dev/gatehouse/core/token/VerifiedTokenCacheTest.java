package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final AtomicInteger checks = new AtomicInteger();

    private Function<String, AccessTokenClaims> check(Instant expiresAt) {
        return token -> {
            checks.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new NotAuthenticatedException(ErrorCode.INVALID_TOKEN, "refused");
            }
            return new AccessTokenClaims("sub", "sid", "web", "api", null, token, T0, expiresAt);
        };
    }

    @Test
    void a_token_seen_before_costs_no_second_check() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, SKEW);
        cache.verify("t1", T0, check(T0.plusSeconds(600)));
        AccessTokenClaims again = cache.verify("t1", T0.plusSeconds(10), check(T0.plusSeconds(600)));
        assertThat(again.jti()).isEqualTo("t1");
        assertThat(checks).hasValue(1);
    }

    @Test
    void an_entry_is_served_no_longer_than_the_full_check_would_accept_the_token() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, SKEW);
        Instant exp = T0.plusSeconds(600);
        cache.verify("t1", T0, check(exp));
        cache.verify("t1", exp.plus(SKEW).minusMillis(1), check(exp));
        assertThat(checks).hasValue(1);
        cache.verify("t1", exp.plus(SKEW), check(exp));
        assertThat(checks).hasValue(2);
    }

    @Test
    void refusals_are_not_remembered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, SKEW);
        assertThatThrownBy(() -> cache.verify("bad", T0, check(T0.plusSeconds(600)))).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> cache.verify("bad", T0, check(T0.plusSeconds(600)))).isInstanceOf(NotAuthenticatedException.class);
        assertThat(checks).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void the_cache_stays_within_its_bound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(50, SKEW);
        for (int i = 0; i < 500; i++) {
            cache.verify("t" + i, T0, check(T0.plusSeconds(600)));
        }
        assertThat(cache.size()).isBetween(1, 50);
        // the newest token is still served from the cache: no further check
        cache.verify("t499", T0, check(T0.plusSeconds(600)));
        assertThat(checks).hasValue(500);
    }
}
