package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.bytes;
import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RefreshTokenStore} on Redis or Redis Cluster.
 *
 * <p>A lineage is a hash in its session's slot, {@code P{s:SID}:rt}: a random lineage id
 * ({@code lid}), the current and previous token hashes and when the last rotation happened; the
 * sealed newest token is a string beside it, {@code P{s:SID}:seal}, whose TTL is the grace window.
 * The decision of {@link #rotate} (rotated, grace replay, reuse, unknown) is one script on that slot.
 *
 * <p>Every token ever issued has a pointer {@code P{r:HASH} -> LID:SID} on its own slot, living
 * until the session's absolute deadline. A pointer counts only while its lineage still has the
 * same lid, so {@link #forget} just deletes the lineage; pointers to it fall silent at once and
 * expire later. Before a rotation the new token's pointer is claimed ({@code SET NX}); if the
 * script answers that the rotation did not happen, it is deleted again. So a token is never
 * current without a pointer, even for the instant between the script and the caller's next
 * refresh. When the script's answer is lost (a timeout: it may still run), the pointer stays.
 *
 * <p>The lineage expires with its session (issue copies the session's TTL, touch extends both).
 * A lineage of a session this store does not hold (it can never rotate) lives {@link #ORPHAN_TTL}.
 */
final class RedisRefreshTokenStore implements RefreshTokenStore {

    private static final System.Logger LOG = System.getLogger(RedisRefreshTokenStore.class.getName());

    /** Lifetime of a lineage whose session is not in Redis (sessions kept elsewhere). */
    static final Duration ORPHAN_TTL = Duration.ofDays(30);
    private static final int SWEEP_BATCH = 256;

    /** -1 when the session has a lineage already; else the TTL its token pointers get. */
    private static final LuaScript ISSUE = new LuaScript("""
            if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
            local ae = redis.call('HGET', KEYS[1], 'ae')
            local ttl = tonumber(ARGV[4])
            if ae then ttl = math.max(tonumber(ae) - tonumber(ARGV[3]), 0) + tonumber(ARGV[5]) end
            redis.call('HSET', KEYS[2], 'lid', ARGV[1], 'cur', ARGV[2])
            local sttl = redis.call('PTTL', KEYS[1])
            if sttl > 0 then redis.call('PEXPIRE', KEYS[2], sttl) else redis.call('PEXPIRE', KEYS[2], ttl) end
            return ttl""");

    /** The pointer's value and remaining TTL, or nothing. */
    private static final LuaScript READ_POINTER = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if not v then return {} end
            return {v, redis.call('PTTL', KEYS[1])}""");

    /**
     * {'r'} rotated; {'g', sealed} grace replay; {'u'} reused; {'e'} session ended; {'n'} not
     * found. The session hash shares the lineage's slot, so its state is read in the same step.
     */
    private static final LuaScript ROTATE = new LuaScript("""
            local f = redis.call('HMGET', KEYS[1], 'lid', 'cur', 'prev', 'rat')
            if f[1] ~= ARGV[1] then return {'n'} end
            local s = redis.call('HMGET', KEYS[3], 'ra', 'ie', 'ae')
            local now = tonumber(ARGV[4])
            if s[1] or not s[2] or tonumber(s[2]) <= now or tonumber(s[3]) <= now then return {'e'} end
            if f[2] == ARGV[2] then
              redis.call('HSET', KEYS[1], 'cur', ARGV[3], 'prev', ARGV[2], 'rat', ARGV[4])
              redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7])
              return {'r'}
            end
            if f[3] == ARGV[2] and f[4] and tonumber(ARGV[4]) < tonumber(f[4]) + tonumber(ARGV[5]) then
              local sealed = redis.call('GET', KEYS[2])
              if sealed then return {'g', sealed} end
            end
            return {'u'}""");

    private static final LuaScript DELETE_LINEAGE_IF_OURS = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'lid') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    /** {-1} nothing sealed any more; {1} dropped; {0, rotatedAt} sealed by a later rotation. */
    private static final LuaScript DROP_SEALED = new LuaScript("""
            if redis.call('EXISTS', KEYS[2]) == 0 then return {-1} end
            local rat = tonumber(redis.call('HGET', KEYS[1], 'rat') or '0')
            if rat < tonumber(ARGV[1]) then redis.call('DEL', KEYS[2]) return {1} end
            return {0, rat}""");

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisRefreshTokenStore(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** A token pointer: whose lineage, which incarnation of it. */
    private record Pointer(String lineageId, String sessionId) {
        static Pointer parse(byte[] value) {
            String v = text(value);
            int colon = v.indexOf(':');
            return new Pointer(v.substring(0, colon), v.substring(colon + 1));
        }

        byte[] encoded() {
            return bytes(lineageId + ":" + sessionId);
        }
    }

    @Override
    public void issue(String sessionId, String tokenHash, Instant at) {
        String lid = Secrets.randomToken(8);
        String lineage = keys.lineage(sessionId);
        Long ttl = redis.call("start a refresh lineage", r -> ISSUE.run(r, ScriptOutputType.INTEGER,
                new String[] {keys.session(sessionId), lineage}, bytes(lid), bytes(tokenHash),
                bytes(at.toEpochMilli()), bytes(ORPHAN_TTL.toMillis()), bytes(RedisSessionStore.EXPIRY_SLACK.toMillis())));
        if (ttl < 0) {
            throw new IllegalStateException("the session has a refresh lineage already");
        }
        String claimed;
        try {
            claimed = redis.call("index a refresh token", r -> r.set(keys.refreshToken(tokenHash),
                    new Pointer(lid, sessionId).encoded(), SetArgs.Builder.nx().px(ttl)));
        } catch (RuntimeException e) {
            // A lineage without its pointer would refuse every later issue for the session.
            undoLineage(lineage, lid);
            throw e;
        }
        if (claimed == null) {
            undoLineage(lineage, lid);
            throw new IllegalStateException("the refresh token hash was issued before");
        }
    }

    private void undoLineage(String lineage, String lid) {
        redis.call("undo a refresh lineage", r -> DELETE_LINEAGE_IF_OURS.run(r, ScriptOutputType.INTEGER,
                new String[] {lineage}, bytes(lid)));
    }

    @Override
    public RotationResult rotate(String presentedHash, String newHash, byte[] sealedNewToken, Instant now,
                                 Duration grace) {
        List<Object> read = redis.call("read a refresh token", r -> READ_POINTER.run(r, ScriptOutputType.MULTI,
                new String[] {keys.refreshToken(presentedHash)}));
        if (read.isEmpty()) {
            return new RotationResult.NotFound();
        }
        Pointer pointer = Pointer.parse((byte[]) read.get(0));
        long pointerTtl = (Long) read.get(1);
        String sid = pointer.sessionId();
        String newPointer = keys.refreshToken(newHash);
        SetArgs claim = pointerTtl > 0 ? SetArgs.Builder.nx().px(pointerTtl) : SetArgs.Builder.nx().px(ORPHAN_TTL.toMillis());
        if (redis.call("claim a refresh token", r -> r.set(newPointer, pointer.encoded(), claim)) == null) {
            throw new IllegalStateException("the new refresh token hash was issued before");
        }
        // No release when this call fails: a timed-out script may still run, making the new token
        // current, and a retry within the grace window is then handed that token. Its pointer must
        // be there. If the script never ran, the pointer names a token nobody holds; it expires.
        List<Object> outcome = redis.call("rotate a refresh token", r -> ROTATE.run(r, ScriptOutputType.MULTI,
                new String[] {keys.lineage(sid), keys.sealed(sid), keys.session(sid)}, bytes(pointer.lineageId()),
                bytes(presentedHash),
                bytes(newHash), bytes(now.toEpochMilli()), bytes(grace.toMillis()), sealedNewToken,
                bytes(grace.toMillis() + RedisSessionStore.EXPIRY_SLACK.toMillis())));
        String state = text((byte[]) outcome.get(0));
        if (!state.equals("r")) {
            redis.call("release a refresh token", r -> r.del(newPointer));
        }
        return switch (state) {
            case "r" -> {
                queueSealedSweep(sid, now);
                yield new RotationResult.Rotated(sid);
            }
            case "g" -> new RotationResult.GraceReplay(sid, (byte[]) outcome.get(1));
            case "u" -> new RotationResult.Reused(sid);
            case "e" -> new RotationResult.SessionEnded(sid);
            default -> new RotationResult.NotFound();
        };
    }

    /**
     * Queues the lineage for dropping its sealed copy after the grace window. The rotation has
     * happened by now, so a failure here must not lose the client its new token: the copy then
     * lives until its key's own expiry.
     */
    private void queueSealedSweep(String sid, Instant now) {
        try {
            redis.call("queue a sealed token", r -> r.zadd(keys.sealedSweep(), now.toEpochMilli(), bytes(sid)));
        } catch (RedisStoreException e) {
            LOG.log(System.Logger.Level.WARNING, "could not queue a sealed refresh token for dropping ("
                    + e.getClass().getSimpleName() + "); it expires by itself");
        }
    }

    @Override
    public Optional<String> sessionOf(String tokenHash) {
        byte[] value = redis.call("read a refresh token", r -> r.get(keys.refreshToken(tokenHash)));
        if (value == null) {
            return Optional.empty();
        }
        Pointer pointer = Pointer.parse(value);
        byte[] lid = redis.call("read a refresh lineage", r -> r.hget(keys.lineage(pointer.sessionId()), "lid"));
        return pointer.lineageId().equals(text(lid)) ? Optional.of(pointer.sessionId()) : Optional.empty();
    }

    /**
     * Sealed copies expire in Redis by themselves at the end of their grace window; this walks
     * the queue of rotations before {@code cutoff}, drops what is still there, and forgets queue
     * entries whose copy is gone. Counts only copies it dropped.
     */
    @Override
    public int dropSealedBefore(Instant cutoff) {
        String sweep = keys.sealedSweep();
        int dropped = 0;
        List<String> batch;
        do {
            batch = redis.call("read the sealed-token queue", r -> r.zrangebyscore(sweep,
                    Range.from(Range.Boundary.<Double>unbounded(), Range.Boundary.excluding((double) cutoff.toEpochMilli())),
                    Limit.create(0, SWEEP_BATCH)))
                    .stream().map(RedisConnection::text).toList();
            List<List<Object>> outcomes = redis.await("drop sealed tokens", batch.stream()
                    .map(sid -> DROP_SEALED.<List<Object>>runAsync(redis.async(), ScriptOutputType.MULTI,
                            new String[] {keys.lineage(sid), keys.sealed(sid)}, bytes(cutoff.toEpochMilli())))
                    .toList());
            List<CompletableFuture<Long>> cleanups = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                byte[] sid = bytes(batch.get(i));
                long state = (Long) outcomes.get(i).get(0);
                if (state == 0) {
                    cleanups.add(redis.async().zadd(sweep, (Long) outcomes.get(i).get(1), sid).toCompletableFuture());
                } else {
                    dropped += state == 1 ? 1 : 0;
                    cleanups.add(redis.async().zrem(sweep, sid).toCompletableFuture());
                }
            }
            redis.await("clean the sealed-token queue", cleanups);
        } while (batch.size() == SWEEP_BATCH);
        return dropped;
    }

    @Override
    public void forget(String sessionId) {
        redis.call("forget a refresh lineage", r -> r.del(keys.lineage(sessionId), keys.sealed(sessionId)));
    }
}
