package dev.gatehouse.token.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one rulebook for Gatehouse access tokens (RFC 8725, RFC 9068), used by the server for its
 * own endpoints and by every resource server through the verifier, so both accept exactly the
 * same tokens. In this order: size at most 8 KiB before anything else; the compact form only, in
 * canonical base64url; a header that is strict JSON with no {@code none}, no key or key URL of
 * its own, no {@code crit}, {@code b64}, {@code zip} or {@code cty}, {@code typ: at+jwt} and a
 * plain {@code kid}; the key of that kid from the {@link KeyResolver}, whose declared algorithm
 * must be the header's; the signature; then the claims ({@link ClaimsCheck}).
 *
 * <p>A token that passed is remembered by its SHA-256 and served again without a signature
 * check until its {@code exp}, and only while its key is still published. Revocation is not
 * part of the rulebook: each caller checks it on every use.
 *
 * <p>Immutable in configuration and safe for any number of threads.
 *
 * @param <T> what the caller makes of a verified token, once, before it is cached
 */
public final class AccessTokenRules<T> {

    /** 8 KiB: far above any Gatehouse token, far below anything that costs real work to parse. */
    public static final int MAX_TOKEN_CHARS = SignatureCheck.MAX_TOKEN_CHARS;

    private final KeyResolver keys;
    private final ClaimsCheck claims;
    private final Clock clock;
    private final Function<CheckedToken, T> result;
    private final VerifiedTokenCache<T> cache;

    /**
     * @param cacheSize most verified tokens remembered; 0 turns the cache off
     * @param result    shapes a checked token for the caller; runs once per token, not per cache hit
     */
    public AccessTokenRules(KeyResolver keys, ClaimsCheck claims, int cacheSize, Clock clock,
                            Function<CheckedToken, T> result) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.result = Objects.requireNonNull(result, "result");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative, got " + cacheSize);
        }
        this.cache = new VerifiedTokenCache<>(cacheSize);
    }

    /**
     * Applies every rule to {@code token} (without any {@code Bearer } prefix).
     *
     * @throws dev.gatehouse.verifier.TokenRejectedException a subclass naming the rule that failed
     */
    public T verify(String token) {
        SignatureCheck.checkSize(token);
        VerifiedTokenCache.Digest digest = VerifiedTokenCache.digest(token);
        Instant now = clock.instant();
        T cached = cache.get(digest, now, keys);
        if (cached != null) {
            return cached;
        }
        CheckedToken checked = claims.check(SignatureCheck.verify(token, keys::resolve, true));
        T value = result.apply(checked);
        cache.put(digest, value, checked.expiresAt(), checked.keyId(), now);
        return value;
    }

    /** Tokens in the cache now (for tests and health pages). */
    public int cachedTokens() {
        return cache.size();
    }
}
