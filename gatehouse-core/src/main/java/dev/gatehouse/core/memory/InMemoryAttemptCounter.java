package dev.gatehouse.core.memory;

import dev.gatehouse.core.throttle.AttemptCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reference implementation of {@link AttemptCounter}: a map guarded by one lock. Windows that
 * have ended are dropped once the map grows, so it stays the size of the recent attempts.
 */
public final class InMemoryAttemptCounter implements AttemptCounter {

    private static final int PRUNE_ABOVE = 10_000;

    private final Map<String, Window> windows = new HashMap<>();

    @Override
    public synchronized long increment(String key, Duration window, Instant now) {
        AttemptCounter.check(key, window);
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.endsAt()));
        }
        Window current = windows.get(key);
        Window next = current == null || !now.isBefore(current.endsAt())
                ? new Window(1, now.plus(window))
                : new Window(current.count() + 1, current.endsAt());
        windows.put(key, next);
        return next.count();
    }

    @Override
    public synchronized Optional<Window> current(String key, Instant now) {
        Window current = windows.get(key);
        return current == null || !now.isBefore(current.endsAt()) ? Optional.empty() : Optional.of(current);
    }

    @Override
    public synchronized void reset(String key) {
        windows.remove(key);
    }
}
