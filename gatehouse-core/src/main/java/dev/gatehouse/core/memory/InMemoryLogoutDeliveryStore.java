package dev.gatehouse.core.memory;

import dev.gatehouse.core.oidc.LogoutDelivery;
import dev.gatehouse.core.oidc.LogoutDeliveryStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Reference implementation of {@link LogoutDeliveryStore}. For tests. */
public final class InMemoryLogoutDeliveryStore implements LogoutDeliveryStore {

    private static final Comparator<LogoutDelivery> OLDEST_FIRST =
            Comparator.comparing(LogoutDelivery::createdAt).thenComparing(LogoutDelivery::id);

    private final Map<String, LogoutDelivery> deliveries = new LinkedHashMap<>();
    private final Map<String, Long> marks = new HashMap<>();

    @Override
    public synchronized boolean enqueue(LogoutDelivery delivery) {
        boolean exists = deliveries.values().stream().anyMatch(d -> d.clientId().equals(delivery.clientId())
                && d.sessionId().equals(delivery.sessionId()));
        if (exists) {
            return false;
        }
        deliveries.put(delivery.id(), delivery);
        return true;
    }

    @Override
    public synchronized List<LogoutDelivery> due(Instant now, int limit) {
        return deliveries.values().stream().filter(d -> d.nextAttemptAt() != null && !d.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(LogoutDelivery::nextAttemptAt).thenComparing(LogoutDelivery::id))
                .limit(limit).toList();
    }

    @Override
    public synchronized boolean claim(String id, Instant expected, Instant leaseUntil) {
        LogoutDelivery d = deliveries.get(id);
        // a finished delivery (no next attempt) is never claimed, whatever was expected
        if (d == null || d.nextAttemptAt() == null || !d.nextAttemptAt().equals(expected)) {
            return false;
        }
        deliveries.put(id, with(d, d.attempts(), leaseUntil, null, d.lastError()));
        return true;
    }

    @Override
    public synchronized void delivered(String id, int attempts, Instant at) {
        LogoutDelivery d = deliveries.get(id);
        if (d != null) {
            deliveries.put(id, with(d, attempts, null, at, d.lastError()));
        }
    }

    @Override
    public synchronized void failed(String id, int attempts, Instant nextAttemptAt, String error) {
        LogoutDelivery d = deliveries.get(id);
        if (d != null) {
            deliveries.put(id, with(d, attempts, nextAttemptAt, null, error));
        }
    }

    @Override
    public synchronized List<LogoutDelivery> forSession(String sessionId) {
        return deliveries.values().stream().filter(d -> d.sessionId().equals(sessionId))
                .sorted(OLDEST_FIRST).toList();
    }

    @Override
    public synchronized List<LogoutDelivery> recent(int limit) {
        return deliveries.values().stream().sorted(OLDEST_FIRST.reversed()).limit(limit).toList();
    }

    @Override
    public synchronized OptionalLong followedUpTo(String name) {
        Long mark = marks.get(name);
        return mark == null ? OptionalLong.empty() : OptionalLong.of(mark);
    }

    @Override
    public synchronized boolean advance(String name, OptionalLong expected, long to) {
        if (!followedUpTo(name).equals(expected)) {
            return false;
        }
        marks.put(name, to);
        return true;
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant cutoff) {
        int before = deliveries.size();
        deliveries.values().removeIf(d -> d.nextAttemptAt() == null && d.createdAt().isBefore(cutoff));
        return before - deliveries.size();
    }

    private static LogoutDelivery with(LogoutDelivery d, int attempts, Instant next, Instant deliveredAt, String error) {
        return new LogoutDelivery(d.id(), d.clientId(), d.sessionId(), d.accountId(), d.uri(), d.createdAt(), attempts,
                next, deliveredAt, error);
    }
}
