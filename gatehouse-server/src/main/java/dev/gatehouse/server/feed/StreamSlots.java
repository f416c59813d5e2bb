package dev.gatehouse.server.feed;

import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.server.config.Settings.StreamLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the revocation streams this node holds open, in all and per client, and refuses one more
 * beyond either limit ({@code too_many_streams}: 503 with {@code Retry-After}). Each open stream
 * holds a connection and a thread for as long as its follower stays, so without a limit one
 * client could hold them all.
 *
 * <p>A slot is freed when its stream ends; a follower that simply goes away is noticed at the next
 * write to it (an event, or the keep-alive within 15 s).
 */
public final class StreamSlots {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** One held slot; closing it (once or more) frees it. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final StreamLimits limits;
    private final Map<String, Integer> perClient = new HashMap<>();
    private int open;

    public StreamSlots(StreamLimits limits) {
        this.limits = limits;
    }

    /**
     * Takes a slot for one more stream of this client.
     *
     * @throws BusyException {@code too_many_streams} when this node or this client is at its limit
     */
    public synchronized Slot acquire(String clientId) {
        if (open >= limits.total()) {
            throw new BusyException(ErrorCode.TOO_MANY_STREAMS, "this node serves " + limits.total()
                    + " revocation streams, its limit (revocations.max-streams); try again later or another node",
                    RETRY_AFTER);
        }
        int mine = perClient.getOrDefault(clientId, 0);
        if (mine >= limits.perClient()) {
            throw new BusyException(ErrorCode.TOO_MANY_STREAMS, "client '" + clientId + "' holds " + mine
                    + " revocation streams on this node, its limit (revocations.max-streams-per-client)", RETRY_AFTER);
        }
        perClient.put(clientId, mine + 1);
        open++;
        return new Slot() {
            private boolean freed;

            @Override
            public void close() {
                synchronized (StreamSlots.this) {
                    if (!freed) {
                        freed = true;
                        release(clientId);
                    }
                }
            }
        };
    }

    /** Streams open now, over all clients. */
    public synchronized int open() {
        return open;
    }

    private void release(String clientId) {
        open--;
        perClient.computeIfPresent(clientId, (id, n) -> n == 1 ? null : n - 1);
    }
}
