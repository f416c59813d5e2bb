package dev.gatehouse.server.metrics;

import java.time.Clock;

/**
 * A count of events over the last hour, in one-minute buckets: the counters of {@code /metrics}
 * only grow, and a dashboard asking "how many in the last hour" should not need Prometheus to
 * take the difference. The window is the current minute and the 59 before it, so a count drops
 * by a whole minute's events at once as it slides.
 *
 * <p>Per node, like the counters beside it: each node counts what it served.
 */
public final class LastHour {

    private static final int MINUTES = 60;

    private final Clock clock;
    private final long[] minute = new long[MINUTES];
    private final long[] count = new long[MINUTES];

    public LastHour(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(minute, Long.MIN_VALUE);
    }

    public synchronized void increment() {
        long now = currentMinute();
        int slot = (int) Math.floorMod(now, MINUTES);
        if (minute[slot] != now) {
            minute[slot] = now;
            count[slot] = 0;
        }
        count[slot]++;
    }

    /** Events counted in the current minute and the 59 before it. */
    public synchronized long total() {
        long now = currentMinute();
        long total = 0;
        for (int i = 0; i < MINUTES; i++) {
            if (minute[i] > now - MINUTES && minute[i] <= now) {
                total += count[i];
            }
        }
        return total;
    }

    private long currentMinute() {
        return Math.floorDiv(clock.millis(), 60_000L);
    }
}
