package dev.gatehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every fault test checks and measures the same way: the shape of a {@code store_unavailable}
 * answer, and how long a call took. Times are printed by the tests, and asserted only against
 * bounds far above them: tests do not measure speed.
 */
final class FaultChecks {

    /** Far above what the bounded waits add up to, far below a client's patience. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    /** How long a node may take to work again once its store answers. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    private FaultChecks() {
    }

    /** 503 problem+json {@code store_unavailable}, with a Retry-After of a few seconds. */
    static void assertStoreUnavailable(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"store_unavailable\"");
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
    }

    /** An answer and how long it took. */
    record Timed<T>(T answer, long millis) {
    }

    static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T answer = call.get();
        return new Timed<>(answer, elapsedMillis(start));
    }

    /**
     * Calls {@code call} until it answers {@code status} or {@link #RECOVERY_BOUND} has passed since
     * {@code since}; returns the last answer and the time since {@code since}.
     */
    static Timed<HttpResponse<String>> retryUntil(int status, long since, Supplier<HttpResponse<String>> call)
            throws InterruptedException {
        HttpResponse<String> answer = call.get();
        while (answer.statusCode() != status && elapsedMillis(since) < RECOVERY_BOUND.toMillis()) {
            Thread.sleep(100);
            answer = call.get();
        }
        return new Timed<>(answer, elapsedMillis(since));
    }

    static long elapsedMillis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
