package dev.gatehouse.token.rules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed the signature and claim checks, keyed by the SHA-256 of the token (never
 * the token itself, so a heap dump holds no usable token), so a token seen before costs a hash
 * and a lookup instead of a signature check. An entry is served only before the token's
 * {@code exp} (the skew allowance after it goes through the full check again) and while the key
 * that verified it is still published; revocation is not cached: callers check it on every use.
 *
 * <p>Bounded: at {@code maxEntries} it first drops expired entries, then an arbitrary tenth.
 * Arbitrary rather than least-recently-used because eviction is rare and a wrong guess costs
 * one signature check, while LRU bookkeeping would cost every hit.
 *
 * @param <T> what the caller keeps for a verified token
 */
final class VerifiedTokenCache<T> {

    /** The 256-bit digest as four longs: cheap equals and hash. */
    record Digest(long a, long b, long c, long d) {
    }

    private record Entry<T>(T value, Instant expiresAt, String keyId) {
    }

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxEntries;
    private final Map<Digest, Entry<T>> entries = new ConcurrentHashMap<>();

    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    static Digest digest(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        return new Digest(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /** The cached value, if present, its token not yet expired at {@code now}, and its key still published. */
    T get(Digest digest, Instant now, KeyResolver keys) {
        if (maxEntries == 0) {
            return null;
        }
        Entry<T> entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt()) || !keys.isPublished(entry.keyId())) {
            entries.remove(digest);
            return null;
        }
        return entry.value();
    }

    void put(Digest digest, T value, Instant expiresAt, String keyId, Instant now) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            int toDrop = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
            Iterator<Digest> it = entries.keySet().iterator();
            while (toDrop-- > 0 && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        entries.put(digest, new Entry<>(value, expiresAt, keyId));
    }

    int size() {
        return entries.size();
    }
}
