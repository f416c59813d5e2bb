package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.bytes;
import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionCursor;
import dev.gatehouse.core.session.SessionStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SessionStore} on Redis or Redis Cluster.
 *
 * <p>A session is one hash, {@code P{s:SID}}, in a slot of its own; every decision about it
 * (create if absent, touch only while active, revoke once) is one script on that slot. Its TTL is
 * its earlier deadline (plus {@link #EXPIRY_SLACK}), moved by {@link #touch}, so Redis forgets
 * sessions by itself and nothing ever scans for them.
 *
 * <p>Lookups that start elsewhere go through keys on other slots, written after the session and
 * checked against it on every read: the cookie-token pointer, the account's index (a sorted set
 * scored by start time, for {@link #listActive}, {@link #revokeBeyond} and {@link #revokeAll})
 * and the sweep queue (for {@link #deleteExpired}). A page reads the index from its cursor on, a
 * batch at a time, not the whole index.
 * A Cluster script may only touch keys of one slot, so {@link #revokeAll} reads the account index
 * and then runs the revoke script once per session, on each session's slot, all in flight at
 * once. Each script revokes only a session still active and not yet revoked, so concurrent callers
 * never both claim one session, and each returns exactly the ids its own scripts revoked. A session
 * whose creation had not finished when revokeAll read the index is not revoked by it, as with
 * a SQL store where the insert commits after the update ran.
 *
 * <p>Hazard: times in the hash are the callers' clocks; the TTLs are measured from the time of
 * the operation that set them ({@code lastUsedAt} at creation and touch), so nodes need
 * synchronised clocks, as they do for token lifetimes anyway.
 */
final class RedisSessionStore implements SessionStore {

    /** Keys outlive the deadline they follow by this much, so a node whose clock is behind still finds them. */
    static final Duration EXPIRY_SLACK = Duration.ofMinutes(1);
    private static final int SWEEP_BATCH = 256;
    /** Index entries read per round trip of a walk: about a page, within these bounds. */
    private static final int WALK_BATCH_MIN = 16;
    private static final int WALK_BATCH_MAX = 256;

    private static final LuaScript CREATE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1""");

    /** Adds to an index and makes the index live at least as long as the new member. */
    static final LuaScript INDEX = new LuaScript("""
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return 1""");

    private static final LuaScript TOUCH = new LuaScript("""
            local f = redis.call('HMGET', KEYS[1], 'ie', 'ae', 'ra')
            if not f[1] or f[3] then return 0 end
            local at = tonumber(ARGV[1])
            local ae = tonumber(f[2])
            if at >= tonumber(f[1]) or at >= ae then return 0 end
            redis.call('HSET', KEYS[1], 'lu', ARGV[1], 'ie', ARGV[2])
            local ttl = math.max(math.min(tonumber(ARGV[2]), ae) - at, 0) + tonumber(ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ttl)
            if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ttl) end
            return 1""");

    private static final LuaScript REVOKE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'ra') == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'ra', ARGV[1], 'rr', ARGV[2])
            return 1""");

    /** 1 revoked, 0 not active (revoked already, or expired at the time), -1 gone. */
    private static final LuaScript REVOKE_IF_ACTIVE = new LuaScript("""
            local f = redis.call('HMGET', KEYS[1], 'ie', 'ae', 'ra')
            if not f[1] then return -1 end
            local at = tonumber(ARGV[1])
            if f[3] or at >= tonumber(f[1]) or at >= tonumber(f[2]) then return 0 end
            redis.call('HSET', KEYS[1], 'ra', ARGV[1], 'rr', ARGV[2])
            return 1""");

    /** {-1} gone; {0, expiresAt} still live; {1, tokenHash, accountId} deleted with its lineage. */
    private static final LuaScript DELETE_IF_EXPIRED = new LuaScript("""
            local f = redis.call('HMGET', KEYS[1], 'ie', 'ae', 't', 'a')
            if not f[1] then return {-1} end
            local exp = math.min(tonumber(f[1]), tonumber(f[2]))
            if exp > tonumber(ARGV[1]) then return {0, exp} end
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            return {1, f[3] or '', f[4] or ''}""");

    /** Deletes a pointer only while it still points where the caller thinks. */
    static final LuaScript DELETE_IF_EQUAL = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisSessionStore(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** How long a key following {@code deadline} should live, counted from {@code now}. */
    static long ttlMillis(Instant deadline, Instant now) {
        return Math.max(0, deadline.toEpochMilli() - now.toEpochMilli()) + EXPIRY_SLACK.toMillis();
    }

    @Override
    public void create(Session s) {
        String key = keys.session(s.id());
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(ttlMillis(s.expiresAt(), s.lastUsedAt())));
        args.addAll(SessionFields.encode(s));
        Long created = redis.call("create a session", r ->
                CREATE.run(r, ScriptOutputType.INTEGER, new String[] {key}, args.toArray(byte[][]::new)));
        if (created == 0) {
            throw new IllegalStateException("a session with this id exists already");
        }
        long absoluteTtl = ttlMillis(s.absoluteExpiresAt(), s.lastUsedAt());
        if (s.tokenHash() != null) {
            String claimed;
            try {
                claimed = redis.call("index a session token", r -> r.set(keys.cookieToken(s.tokenHash()),
                        bytes(s.id()), SetArgs.Builder.nx().px(absoluteTtl)));
            } catch (RuntimeException e) {
                // A session without its token pointer could never be found, yet would block its id.
                redis.call("undo a session creation", r -> r.del(key));
                throw e;
            }
            if (claimed == null) {
                redis.call("undo a session creation", r -> r.del(key));
                throw new IllegalStateException("the session's token hash belongs to another session");
            }
        }
        redis.await("index a session", List.of(
                INDEX.<Long>runAsync(redis.async(), ScriptOutputType.INTEGER,
                        new String[] {keys.accountSessions(s.accountId())},
                        bytes(s.createdAt().toEpochMilli()), bytes(s.id()), bytes(absoluteTtl)),
                redis.async().zadd(keys.sessionSweep(), s.expiresAt().toEpochMilli(), bytes(s.id())).toCompletableFuture()));
    }

    /** Every server holding keys answers PING: in a Cluster, each master, since each holds some of the sessions. */
    @Override
    public void checkReachable() {
        redis.pingEveryServer();
    }

    @Override
    public Optional<Session> findById(String id) {
        return Optional.ofNullable(SessionFields.decode(id, redis.call("find a session", r -> r.hgetall(keys.session(id)))));
    }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
        String id = text(redis.call("find a session by token", r -> r.get(keys.cookieToken(tokenHash))));
        // A pointer can outlive its session (it follows the absolute deadline): trust the session's own field.
        return id == null ? Optional.empty() : findById(id).filter(s -> tokenHash.equals(s.tokenHash()));
    }

    @Override
    public List<Session> listActive(String accountId, Instant now, SessionCursor after, int limit) {
        return walk(accountId, now, after, limit);
    }

    /**
     * Up to {@code wanted} sessions of the account active at {@code now}, after {@code after} in
     * the listing order (newest first: start time, then id, both descending), read from the
     * account's index a batch at a time. The index's score is the start time and members of one
     * score come in reverse lexical order, so the index order is the listing order. A batch goes
     * on from the last entry read: the members of its exact score that sort below it, then the
     * next batch of lower scores; so members that share a millisecond are neither skipped nor
     * read twice, however many there are. Entries of sessions gone or revoked are dropped from
     * the index on the way.
     */
    private List<Session> walk(String accountId, Instant now, SessionCursor after, int wanted) {
        String index = keys.accountSessions(accountId);
        int batch = Math.clamp(wanted, WALK_BATCH_MIN, WALK_BATCH_MAX);
        Long boundScore = after == null ? null : after.createdAt().toEpochMilli();
        String boundId = after == null ? null : after.id();
        List<Session> found = new ArrayList<>();
        List<byte[]> stale = new ArrayList<>();
        while (found.size() < wanted) {
            List<String> ids = new ArrayList<>();
            List<ScoredValue<byte[]>> lower;
            if (boundScore == null) {
                lower = redis.call("read an account's sessions", r ->
                        r.zrevrangebyscoreWithScores(index, Range.unbounded(), Limit.create(0, batch)));
            } else {
                long score = boundScore;
                ids.addAll(sameScoreBelow(index, score, boundId));
                lower = redis.call("read an account's sessions", r -> r.zrevrangebyscoreWithScores(index,
                        Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(score)), Limit.create(0, batch)));
            }
            lower.forEach(v -> ids.add(text(v.getValue())));
            List<Map<String, byte[]>> hashes = redis.await("list sessions", ids.stream()
                    .map(id -> redis.async().hgetall(keys.session(id)).toCompletableFuture()).toList());
            for (int i = 0; i < ids.size() && found.size() < wanted; i++) {
                Session s = SessionFields.decode(ids.get(i), hashes.get(i));
                if (s == null || s.isRevoked()) {
                    stale.add(bytes(ids.get(i))); // gone, or never active again: clean the index on the way
                } else if (s.isActiveAt(now)) {
                    found.add(s);
                }
            }
            if (lower.size() < batch) {
                break;
            }
            ScoredValue<byte[]> last = lower.getLast();
            boundScore = (long) last.getScore();
            boundId = text(last.getValue());
        }
        removeFromIndex(index, stale);
        return found;
    }

    /** Members with exactly this score that sort below {@code id}, in index order (descending). */
    private List<String> sameScoreBelow(String index, long score, String id) {
        return redis.call("read an account's sessions", r -> r.zrangebyscore(index, Range.create(score, score))).stream()
                .map(RedisConnection::text)
                .filter(member -> member.compareTo(id) < 0)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /**
     * Reads the account's active sessions through the same walk as a page and revokes the oldest
     * {@code atMost} of those beyond the newest {@code keep}, each with {@code REVOKE_IF_ACTIVE} on its own slot, all in
     * flight at once; returns the ids whose script revoked them, as {@link #revokeAll} does.
     */
    @Override
    public List<String> revokeBeyond(String accountId, int keep, int atMost, Instant at, RevokeReason reason) {
        List<Session> active = walk(accountId, at, null, Integer.MAX_VALUE);
        if (active.size() <= keep) {
            return List.of();
        }
        // the oldest atMost of those beyond the newest keep
        List<String> excess = active.subList(Math.max(keep, active.size() - atMost), active.size()).stream()
                .map(Session::id).toList();
        List<Long> outcomes = redis.await("revoke an account's sessions beyond its limit", excess.stream()
                .map(id -> REVOKE_IF_ACTIVE.<Long>runAsync(redis.async(), ScriptOutputType.INTEGER,
                        new String[] {keys.session(id)}, bytes(at.toEpochMilli()), bytes(reason.code())))
                .toList());
        List<String> revoked = new ArrayList<>();
        for (int i = 0; i < excess.size(); i++) {
            if (outcomes.get(i) == 1) {
                revoked.add(excess.get(i));
            }
        }
        return revoked;
    }

    private List<String> members(String index) {
        return redis.call("read an account's sessions", r -> r.zrange(index, 0, -1)).stream()
                .map(RedisConnection::text).toList();
    }

    private void removeFromIndex(String index, List<byte[]> ids) {
        if (!ids.isEmpty()) {
            redis.call("clean an account's session index", r -> r.zrem(index, ids.toArray(byte[][]::new)));
        }
    }

    @Override
    public boolean touch(String id, Instant lastUsedAt, Instant idleExpiresAt) {
        Long touched = redis.call("touch a session", r -> TOUCH.run(r, ScriptOutputType.INTEGER,
                new String[] {keys.session(id), keys.lineage(id)},
                bytes(lastUsedAt.toEpochMilli()), bytes(idleExpiresAt.toEpochMilli()), bytes(EXPIRY_SLACK.toMillis())));
        return touched == 1;
    }

    @Override
    public boolean revoke(String id, Instant at, RevokeReason reason) {
        Long revoked = redis.call("revoke a session", r -> REVOKE.run(r, ScriptOutputType.INTEGER,
                new String[] {keys.session(id)}, bytes(at.toEpochMilli()), bytes(reason.code())));
        return revoked == 1;
    }

    @Override
    public List<String> revokeAll(String accountId, Instant at, RevokeReason reason) {
        String index = keys.accountSessions(accountId);
        List<String> ids = members(index);
        List<Long> outcomes = redis.await("revoke an account's sessions", ids.stream()
                .map(id -> REVOKE_IF_ACTIVE.<Long>runAsync(redis.async(), ScriptOutputType.INTEGER,
                        new String[] {keys.session(id)}, bytes(at.toEpochMilli()), bytes(reason.code())))
                .toList());
        List<String> revoked = new ArrayList<>();
        List<byte[]> gone = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (outcomes.get(i) == 1) {
                revoked.add(ids.get(i));
            } else if (outcomes.get(i) == -1) {
                gone.add(bytes(ids.get(i)));
            }
        }
        removeFromIndex(index, gone);
        return revoked;
    }

    /**
     * Redis expires sessions by itself; this walks the sweep queue up to {@code now}, deletes what
     * has not expired in Redis yet (a clock ahead of Redis's, or tests), drops entries of sessions
     * already gone, and requeues touched sessions under their new deadline. Counts only deletions
     * it made.
     */
    @Override
    public int deleteExpired(Instant now) {
        String sweep = keys.sessionSweep();
        int deleted = 0;
        List<String> batch;
        do {
            batch = redis.call("read the session sweep queue", r -> r.zrangebyscore(sweep,
                    Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()), Limit.create(0, SWEEP_BATCH)))
                    .stream().map(RedisConnection::text).toList();
            List<List<Object>> outcomes = redis.await("delete expired sessions", batch.stream()
                    .map(id -> DELETE_IF_EXPIRED.<List<Object>>runAsync(redis.async(), ScriptOutputType.MULTI,
                            new String[] {keys.session(id), keys.lineage(id), keys.sealed(id)},
                            bytes(now.toEpochMilli())))
                    .toList());
            List<CompletableFuture<Long>> cleanups = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                byte[] id = bytes(batch.get(i));
                List<Object> outcome = outcomes.get(i);
                long state = (Long) outcome.get(0);
                if (state == 0) {
                    cleanups.add(redis.async().zadd(sweep, (Long) outcome.get(1), id).toCompletableFuture());
                    continue;
                }
                cleanups.add(redis.async().zrem(sweep, id).toCompletableFuture());
                if (state == 1) {
                    deleted++;
                    String tokenHash = text((byte[]) outcome.get(1));
                    if (!tokenHash.isEmpty()) {
                        cleanups.add(DELETE_IF_EQUAL.runAsync(redis.async(), ScriptOutputType.INTEGER,
                                new String[] {keys.cookieToken(tokenHash)}, id));
                    }
                    cleanups.add(redis.async().zrem(keys.accountSessions(text((byte[]) outcome.get(2))), id)
                            .toCompletableFuture());
                }
            }
            redis.await("clean the session indexes", cleanups);
        } while (batch.size() == SWEEP_BATCH);
        return deleted;
    }
}
