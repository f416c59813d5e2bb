package dev.gatehouse.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.core.account.Username;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.memory.InMemoryAttemptCounter;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final String ALICE = Username.key("alice");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final List<SignInThrottle.Limit> refusals = new ArrayList<>();

    private SignInThrottle throttle(SignInLimits limits) {
        return new SignInThrottle(new InMemoryAttemptCounter(), limits, audit, clock, refusals::add);
    }

    /** Locks after 3 attempts from anywhere: 1 minute at first, at most 5; other limits off. */
    private SignInThrottle accountLock() {
        return throttle(new SignInLimits(0, Duration.ofMinutes(15), 3, Duration.ofMinutes(1), Duration.ofMinutes(5), 0));
    }

    private static BusyException refused(Runnable attempt) {
        BusyException e = catchThrowableOfType(BusyException.class, attempt::run);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo("too_many_attempts");
        return e;
    }

    private List<AuditEvent> throttled() {
        return audit.list(Long.MAX_VALUE, 100).stream().filter(e -> e.type() == AuditType.SIGN_IN_THROTTLED).toList();
    }

    private static void guess(SignInThrottle throttle, int times) {
        for (int i = 0; i < times; i++) {
            throttle.attempt(ALICE, "alice", "192.0.2." + i);
        }
    }

    @Test
    void attempts_from_many_addresses_lock_the_account_for_a_minute_for_every_address() {
        SignInThrottle throttle = accountLock();
        guess(throttle, 3);

        assertThat(refused(() -> throttle.attempt(ALICE, "alice", "198.51.100.1")).retryAfter())
                .isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(59));
        assertThat(refused(() -> throttle.attempt(ALICE, "alice", "203.0.113.9")).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> throttle.attempt(ALICE, "alice", "203.0.113.9")).doesNotThrowAnyException();
        assertThat(refusals).containsOnly(SignInThrottle.Limit.ACCOUNT).hasSize(2);
    }

    @Test
    void each_further_lock_within_a_day_lasts_twice_as_long_up_to_the_longest() {
        SignInThrottle throttle = accountLock();
        List<Duration> locks = new ArrayList<>();
        for (int lock = 0; lock < 5; lock++) {
            guess(throttle, 3);
            Duration length = refused(() -> throttle.attempt(ALICE, "alice", "198.51.100.1")).retryAfter();
            locks.add(length);
            clock.advance(length);
        }

        assertThat(locks).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(5), Duration.ofMinutes(5));
        clock.advance(Duration.ofDays(1));
        guess(throttle, 3);
        assertThat(refused(() -> throttle.attempt(ALICE, "alice", "198.51.100.1")).retryAfter())
                .as("a day later the locks start short again").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void a_lock_is_audited_once_however_many_attempts_it_refuses() {
        SignInThrottle throttle = accountLock();
        guess(throttle, 3);
        for (int i = 0; i < 10; i++) {
            refused(() -> throttle.attempt(ALICE, "alice", "198.51.100.1"));
        }

        assertThat(throttled()).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("alice");
            assertThat(e.ip()).isEqualTo("198.51.100.1");
            assertThat(e.detail()).isEqualTo("account: locked for 60s after 3 attempts in 900s");
        });
    }

    @Test
    void a_success_starts_the_account_count_anew() {
        SignInThrottle throttle = accountLock();
        guess(throttle, 2);
        throttle.succeeded(ALICE, "192.0.2.1");
        guess(throttle, 3);

        refused(() -> throttle.attempt(ALICE, "alice", "198.51.100.1"));
    }

    @Test
    void failures_from_one_address_over_many_accounts_are_refused_past_the_limit_until_the_hour_ends() {
        SignInThrottle throttle = throttle(new SignInLimits(0, Duration.ofMinutes(15), 0, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 3));
        for (int i = 0; i < 3; i++) {
            throttle.attempt(Username.key("user" + i), "user" + i, "192.0.2.1");
            throttle.failed("192.0.2.1");
        }

        clock.advance(Duration.ofSeconds(600));
        assertThat(refused(() -> throttle.attempt(ALICE, "alice", "192.0.2.1")).retryAfter())
                .isEqualTo(Duration.ofMinutes(50));
        assertThatCode(() -> throttle.attempt(ALICE, "alice", "192.0.2.2")).doesNotThrowAnyException();
        assertThat(refusals).containsExactly(SignInThrottle.Limit.ADDRESS);
        assertThat(throttled()).singleElement().satisfies(e -> {
            assertThat(e.ip()).isEqualTo("192.0.2.1");
            assertThat(e.detail()).isEqualTo("address: 3 failed sign-ins in 3600s");
        });
        clock.advance(Duration.ofMinutes(50));
        assertThatCode(() -> throttle.attempt(ALICE, "alice", "192.0.2.1")).doesNotThrowAnyException();
    }

    @Test
    void successes_from_an_address_do_not_count_toward_its_failures() {
        SignInThrottle throttle = throttle(new SignInLimits(0, Duration.ofMinutes(15), 0, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 3));
        for (int i = 0; i < 50; i++) {
            throttle.attempt(Username.key("user" + i), "user" + i, "192.0.2.1");
            throttle.succeeded(Username.key("user" + i), "192.0.2.1");
        }

        assertThatCode(() -> throttle.attempt(ALICE, "alice", "192.0.2.1")).doesNotThrowAnyException();
    }

    @Test
    void the_per_account_and_address_limit_is_audited_once_per_window() {
        SignInThrottle throttle = throttle(new SignInLimits(2, Duration.ofMinutes(15), 0, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 0));
        throttle.attempt(ALICE, "alice", "192.0.2.1");
        throttle.attempt(ALICE, "alice", "192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertThat(refused(() -> throttle.attempt(ALICE, "alice", "192.0.2.1")).retryAfter())
                    .isEqualTo(Duration.ofMinutes(15));
        }

        assertThat(throttled()).singleElement().extracting(AuditEvent::detail)
                .isEqualTo("account_and_address: 2 attempts in 900s");
        assertThat(refusals).hasSize(5).containsOnly(SignInThrottle.Limit.ACCOUNT_AND_ADDRESS);
    }
}
