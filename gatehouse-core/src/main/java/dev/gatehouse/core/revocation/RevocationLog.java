package dev.gatehouse.core.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Storage port: the append-only log of revocations that verifiers follow. Sequence numbers are
 * strictly increasing in append order, also when several nodes append at once.
 */
public interface RevocationLog {

    /** Appends an entry and returns it with its sequence number. */
    Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter);

    /**
     * Entries with a sequence number greater than {@code afterSeq}, oldest first.
     *
     * @param limit at most this many (1 to 1000)
     */
    List<Revocation> after(long afterSeq, int limit);

    /** The newest entry for this kind and id that is not yet forgettable at {@code now}. */
    Optional<Revocation> find(RevocationKind kind, String id, Instant now);

    /** The highest sequence number appended so far, 0 when the log is empty. */
    long lastSeq();

    /** Deletes entries whose {@code forgetAfter} has passed; returns how many. */
    int deleteForgotten(Instant now);

    /**
     * This log, telling {@code appended} of every entry appended through it, once the append has
     * returned (to announce it, to count it). A failure of {@code appended} reaches the caller of
     * {@link #append}; the entry is stored by then.
     */
    default RevocationLog whenAppended(Consumer<Revocation> appended) {
        RevocationLog log = this;
        return new RevocationLog() {
            @Override
            public Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
                Revocation entry = log.append(kind, id, revokedAt, forgetAfter);
                appended.accept(entry);
                return entry;
            }

            @Override
            public List<Revocation> after(long afterSeq, int limit) {
                return log.after(afterSeq, limit);
            }

            @Override
            public Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
                return log.find(kind, id, now);
            }

            @Override
            public long lastSeq() {
                return log.lastSeq();
            }

            @Override
            public int deleteForgotten(Instant now) {
                return log.deleteForgotten(now);
            }
        };
    }
}
