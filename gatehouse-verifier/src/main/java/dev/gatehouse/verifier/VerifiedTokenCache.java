package dev.gatehouse.verifier;

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
 * {@code exp} and while the key that verified it is still published; revocation is not cached
 * and is checked on every call by the verifier.
 *
 * <p>Bounded: at {@code maxEntries} it first drops expired entries, then an arbitrary tenth.
 * Arbitrary rather than least-recently-used because eviction is rare and a wrong guess costs
 * one signature check, while LRU bookkeeping would cost every hit.
 */
final class VerifiedTokenCache {

    /** The 256-bit digest as four longs: cheap equals and hash. */
    record Digest(long a, long b, long c, long d) {
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
    private final Map<Digest, VerifiedToken> entries = new ConcurrentHashMap<>();

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

    /** The cached token, if present, not yet expired at {@code now}, and its key is still known. */
    VerifiedToken get(Digest digest, Instant now, KeySet keys) {
        if (maxEntries == 0) {
            return null;
        }
        VerifiedToken token = entries.get(digest);
        if (token == null) {
            return null;
        }
        if (!now.isBefore(token.expiresAt()) || keys.key(token.keyId()).isEmpty()) {
            entries.remove(digest);
            return null;
        }
        return token;
    }

    void put(Digest digest, VerifiedToken token, Instant now) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(t -> !now.isBefore(t.expiresAt()));
            int toDrop = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
            Iterator<Digest> it = entries.keySet().iterator();
            while (toDrop-- > 0 && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        entries.put(digest, token);
    }

    int size() {
        return entries.size();
    }
}
