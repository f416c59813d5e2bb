package dev.gatehouse.core.token;

import dev.gatehouse.core.crypto.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Access tokens that passed the signature and claim checks, keyed by the SHA-256 of the token
 * (a heap dump holds no usable token), so a token seen before costs a hash and a lookup instead
 * of a signature check. An entry is served only until the token's {@code exp} plus the allowed
 * skew, exactly as long as the full check would accept it. Revocation is not cached: callers
 * check it on every use.
 *
 * <p>Bounded: when full it drops expired entries, then an arbitrary tenth. Arbitrary rather than
 * least-recently-used because eviction is rare and a wrong guess costs one signature check,
 * while LRU bookkeeping would cost every hit.
 */
final class VerifiedTokenCache {

    private final int maxEntries;
    private final Duration skew;
    private final Map<String, AccessTokenClaims> entries = new ConcurrentHashMap<>();

    VerifiedTokenCache(int maxEntries, Duration skew) {
        this.maxEntries = maxEntries;
        this.skew = skew;
    }

    /** The cached claims of {@code token}, or the result of {@code check}, remembered if it passes. */
    AccessTokenClaims verify(String token, Instant now, Function<String, AccessTokenClaims> check) {
        String key = Secrets.sha256Hex(token);
        AccessTokenClaims cached = entries.get(key);
        if (cached != null) {
            if (now.isBefore(cached.expiresAt().plus(skew))) {
                return cached;
            }
            entries.remove(key);
        }
        AccessTokenClaims claims = check.apply(token);
        if (entries.size() >= maxEntries) {
            evict(now);
        }
        entries.put(key, claims);
        return claims;
    }

    private void evict(Instant now) {
        entries.values().removeIf(c -> !now.isBefore(c.expiresAt().plus(skew)));
        int toDrop = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
        Iterator<String> it = entries.keySet().iterator();
        while (toDrop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    int size() {
        return entries.size();
    }
}
