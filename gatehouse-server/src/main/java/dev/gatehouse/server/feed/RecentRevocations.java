package dev.gatehouse.server.feed;

import dev.gatehouse.core.revocation.Revocation;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest entries of the revocation log as this node's feed reader has read them: a ring of at
 * most {@code capacity} entries covering the sequence numbers after {@link #floor()} up to
 * {@link #highest()}, with nothing of the log in that range missing. When full, the oldest entry
 * makes room and the floor rises to it. Not thread-safe: {@link RevocationFeed} guards it.
 */
final class RecentRevocations {

    private final Revocation[] ring;
    private int first;
    private int size;
    private long floor;
    private long highest;

    RecentRevocations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.ring = new Revocation[capacity];
    }

    /** Starts empty at the log's end: the window covers nothing before {@code lastSeq}. */
    void startAt(long lastSeq) {
        first = 0;
        size = 0;
        floor = lastSeq;
        highest = lastSeq;
    }

    /** Appends entries read after {@link #highest()}, oldest first; any not newer is ignored. */
    void addAll(List<Revocation> entries) {
        for (Revocation r : entries) {
            if (r.seq() <= highest) {
                continue;
            }
            if (size == ring.length) {
                floor = ring[first].seq();
                ring[first] = null;
                first = (first + 1) % ring.length;
                size--;
            }
            ring[(first + size) % ring.length] = r;
            size++;
            highest = r.seq();
        }
    }

    /** Entries after {@code seq}, oldest first, at most {@code limit}; {@code seq} must not be below the floor. */
    List<Revocation> after(long seq, int limit) {
        int low = 0;
        int high = size;
        while (low < high) { // the first entry newer than seq
            int mid = (low + high) >>> 1;
            if (at(mid).seq() <= seq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        List<Revocation> out = new ArrayList<>(Math.min(limit, size - low));
        for (int i = low; i < size && out.size() < limit; i++) {
            out.add(at(i));
        }
        return out;
    }

    /** Entries at or below this sequence number are not held (they may still be in the store). */
    long floor() {
        return floor;
    }

    /** The highest sequence number read so far. */
    long highest() {
        return highest;
    }

    private Revocation at(int index) {
        return ring[(first + index) % ring.length];
    }
}
