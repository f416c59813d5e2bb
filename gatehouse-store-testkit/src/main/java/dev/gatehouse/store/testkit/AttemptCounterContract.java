package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AttemptCounter} must do: fixed windows that open with the first attempt,
 * counts that reset, and distinct counts under concurrent attempts. A backend passes by extending
 * this class and returning a fresh, empty counter from {@link #newCounter()}.
 *
 * <p>Time is the {@code now} the caller passes, not the wall clock: a store that also expires
 * keys by itself must make them live at least as long as the window.
 */
public abstract class AttemptCounterContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private AttemptCounter counter;

    /** A fresh counter without any attempts, used by one test. */
    protected abstract AttemptCounter newCounter();

    /** Releases what {@link #newCounter()} opened; called after each test. */
    protected void closeCounter() {
    }

    @BeforeEach
    void openCounter() {
        counter = newCounter();
    }

    @AfterEach
    void close() {
        if (counter != null) {
            closeCounter();
        }
    }

    @Test
    void attempts_in_one_window_are_counted_from_one() {
        assertThat(counter.increment("login:acc-1", WINDOW, T0)).isEqualTo(1);
        assertThat(counter.increment("login:acc-1", WINDOW, T0.plusSeconds(1))).isEqualTo(2);
        assertThat(counter.increment("login:acc-1", WINDOW, T0.plusSeconds(2))).isEqualTo(3);
    }

    @Test
    void keys_are_counted_apart() {
        counter.increment("login:acc-1", WINDOW, T0);
        counter.increment("login:acc-1", WINDOW, T0);

        assertThat(counter.increment("login:acc-2", WINDOW, T0)).isEqualTo(1);
        assertThat(counter.increment("ip:192.0.2.7", WINDOW, T0)).isEqualTo(1);
        assertThat(counter.increment("LOGIN:ACC-1", WINDOW, T0)).isEqualTo(1);
        assertThat(counter.increment("login:acc-1", WINDOW, T0)).isEqualTo(3);
    }

    @Test
    void the_window_is_fixed_by_its_first_attempt_and_not_extended_by_later_ones() {
        counter.increment("k", WINDOW, T0);
        counter.increment("k", WINDOW, T0.plusSeconds(50));

        assertThat(counter.increment("k", WINDOW, T0.plus(WINDOW).minusMillis(1))).isEqualTo(3);
        assertThat(counter.increment("k", WINDOW, T0.plus(WINDOW))).isEqualTo(1);
        assertThat(counter.increment("k", WINDOW, T0.plus(WINDOW).plusSeconds(59))).isEqualTo(2);
    }

    @Test
    void counting_starts_over_long_after_a_window_ended() {
        counter.increment("k", WINDOW, T0);
        counter.increment("k", WINDOW, T0);

        assertThat(counter.increment("k", WINDOW, T0.plus(Duration.ofDays(3)))).isEqualTo(1);
    }

    @Test
    void resetting_a_key_starts_its_count_over_and_leaves_other_keys_alone() {
        counter.increment("k", WINDOW, T0);
        counter.increment("k", WINDOW, T0);
        counter.increment("other", WINDOW, T0);

        counter.reset("k");

        assertThat(counter.increment("k", WINDOW, T0.plusSeconds(1))).isEqualTo(1);
        assertThat(counter.increment("other", WINDOW, T0.plusSeconds(1))).isEqualTo(2);
    }

    @Test
    void resetting_an_unknown_key_does_nothing() {
        counter.reset("never-seen");

        assertThat(counter.increment("never-seen", WINDOW, T0)).isEqualTo(1);
    }

    @Test
    void the_current_window_is_read_without_counting_an_attempt() {
        assertThat(counter.current("k", T0)).isEmpty();
        counter.increment("k", WINDOW, T0);
        counter.increment("k", WINDOW, T0.plusSeconds(5));

        assertThat(counter.current("k", T0.plusSeconds(10))).hasValue(new AttemptCounter.Window(2, T0.plus(WINDOW)));
        assertThat(counter.current("k", T0.plusSeconds(10))).hasValue(new AttemptCounter.Window(2, T0.plus(WINDOW)));
        assertThat(counter.increment("k", WINDOW, T0.plusSeconds(10))).isEqualTo(3);
        assertThat(counter.current("other", T0)).isEmpty();
    }

    @Test
    void a_window_that_ended_or_was_reset_is_not_current() {
        counter.increment("ended", WINDOW, T0);
        counter.increment("reset", WINDOW, T0);
        counter.reset("reset");

        assertThat(counter.current("ended", T0.plus(WINDOW).minusMillis(1))).isPresent();
        assertThat(counter.current("ended", T0.plus(WINDOW))).isEmpty();
        assertThat(counter.current("reset", T0)).isEmpty();
    }

    @Test
    void keys_may_hold_any_characters() {
        for (String key : List.of("login:Émile", "ip:2001:db8::1", "a{b}c", "with space", "ü".repeat(200))) {
            assertThat(counter.increment(key, WINDOW, T0)).as(key).isEqualTo(1);
            assertThat(counter.increment(key, WINDOW, T0)).as(key).isEqualTo(2);
            assertThat(counter.current(key, T0)).as(key).map(AttemptCounter.Window::count).hasValue(2L);
        }
    }

    @Test
    void blank_keys_and_windows_out_of_range_are_refused() {
        assertThatThrownBy(() -> counter.increment(" ", WINDOW, T0)).isInstanceOf(IllegalArgumentException.class);
        for (Duration window : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(1).plusMillis(1))) {
            assertThatThrownBy(() -> counter.increment("k", window, T0)).as(window.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("window");
        }

        assertThat(counter.increment("k", Duration.ofDays(1), T0)).isEqualTo(1);
    }

    @Test
    void of_many_threads_counting_at_once_each_sees_a_different_count() {
        List<Concurrently.Outcome<Long>> outcomes = Concurrently.run(i -> () -> counter.increment("k", WINDOW, T0));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).extracting(Concurrently.Outcome::result)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, Concurrently.THREADS).boxed().toList());
        assertThat(counter.increment("k", WINDOW, T0)).isEqualTo(Concurrently.THREADS + 1);
    }
}
