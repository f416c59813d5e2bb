package dev.gatehouse.store.redis;

/**
 * Where everything lives: the key layout, in one place.
 *
 * <p>Every key starts with a configurable prefix (default {@code gh:}) followed by a hash tag
 * that decides its Cluster slot. What must change together shares a tag, so one script can change
 * it atomically on one node:
 * <pre>
 * P{s:SID}                 hash    the session (fields below); TTL = its earlier deadline, moved by touch
 * P{s:SID}:rt              hash    its refresh lineage: lid, cur, prev, rat; same TTL as the session
 * P{s:SID}:seal            string  sealed newest refresh token, for the grace window only; TTL = grace
 * P{t:HASH}                string  cookie-token hash -> SID; TTL = the session's absolute deadline
 * P{r:HASH}                string  refresh-token hash -> "LID:SID", every generation; TTL = absolute deadline
 * P{a:ACCOUNT}:sessions    zset    SIDs of the account by creation time; TTL = latest absolute deadline
 * P{sweep}:sessions        zset    SID by (known) earliest deadline, for deleteExpired
 * P{sweep}:sealed          zset    SID by rotation time, for dropSealedBefore
 * P{rev}:seq|log|forget|byid       the revocation log, all in one slot (see RedisRevocationLog)
 * P{n:KEY}                 hash    an attempt counter: c (count), e (window end); TTL = the window
 * </pre>
 * Pointers and indexes on other slots ({@code t:}, {@code r:}, {@code a:}, {@code sweep}) are
 * written after the session's own keys and are checked against them on every read, so a stale
 * pointer or index entry is harmless and removed when met.
 */
final class RedisKeys {

    static final String DEFAULT_PREFIX = "gh:";

    private final String prefix;

    RedisKeys(String prefix) {
        if (prefix == null || prefix.length() > 64 || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                    "a Redis key prefix must be at most 64 characters without '{' or '}' (they would pick the Cluster slot)");
        }
        this.prefix = prefix;
    }

    String session(String sid) {
        return prefix + "{s:" + sid + "}";
    }

    String lineage(String sid) {
        return session(sid) + ":rt";
    }

    String sealed(String sid) {
        return session(sid) + ":seal";
    }

    String cookieToken(String tokenHash) {
        return prefix + "{t:" + tokenHash + "}";
    }

    String refreshToken(String tokenHash) {
        return prefix + "{r:" + tokenHash + "}";
    }

    String accountSessions(String accountId) {
        return prefix + "{a:" + accountId + "}:sessions";
    }

    String sessionSweep() {
        return prefix + "{sweep}:sessions";
    }

    String sealedSweep() {
        return prefix + "{sweep}:sealed";
    }

    String revocations(String part) {
        return prefix + "{rev}:" + part;
    }

    /** The channel each revocation append is announced on, with its sequence number. */
    String revocationChannel() {
        return prefix + "{rev}:appended";
    }

    String attempts(String key) {
        return prefix + "{n:" + key + "}";
    }
}
