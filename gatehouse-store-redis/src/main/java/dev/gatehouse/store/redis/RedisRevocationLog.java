package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.bytes;
import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link RevocationLog} on Redis or Redis Cluster: the whole log in one slot, {@code P{rev}:*},
 * so that each append is one script and scripts run one after another.
 * <pre>
 * P{rev}:seq     string  the high-water mark (INCR); never decreases, survives deletions
 * P{rev}:log     zset    entries by seq; member "SEQ|KIND|REVOKED_AT|FORGET_AFTER|ID"
 * P{rev}:forget  zset    the same members by forgetAfter, for deleteForgotten
 * P{rev}:byid    hash    "KIND|ID" -> the seqs of its entries, space-separated, for find
 * </pre>
 * Because the number is taken ({@code INCR}) inside the same script that makes the entry
 * visible, numbers become visible in the order they were handed out, across any number of
 * nodes: a follower that has read up to 8 never finds a 7 later. Each append also publishes its
 * number on {@code P{rev}:appended}, so followers can wake at once instead of polling
 * ({@link RedisRevocationNotices}). Entries whose forgetAfter has passed by an append's revokedAt are
 * trimmed by that append (a few at a time), so the log stays small even without a sweep.
 */
final class RedisRevocationLog implements RevocationLog {

    static final int MAX_LIMIT = 1000;
    private static final int TRIM_PER_APPEND = 16;

    /** Removes the entries in table {@code gone} from all three structures; KEYS as in APPEND. */
    private static final String REMOVE = """
            local function remove(gone)
              for _, entry in ipairs(gone) do
                redis.call('ZREM', KEYS[2], entry)
                redis.call('ZREM', KEYS[3], entry)
                local seq, kind, id = string.match(entry, '^(%d+)|([^|]*)|[^|]*|[^|]*|(.*)$')
                local field = kind .. '|' .. id
                local kept = {}
                for s in string.gmatch(redis.call('HGET', KEYS[4], field) or '', '%d+') do
                  if s ~= seq then table.insert(kept, s) end
                end
                if #kept == 0 then redis.call('HDEL', KEYS[4], field)
                else redis.call('HSET', KEYS[4], field, table.concat(kept, ' ')) end
              end
              return #gone
            end
            """;

    private static final LuaScript APPEND = new LuaScript(REMOVE + """
            remove(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[3], 'LIMIT', 0, tonumber(ARGV[6])))
            local seq = redis.call('INCR', KEYS[1])
            local entry = seq .. '|' .. ARGV[1] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|' .. ARGV[2]
            redis.call('ZADD', KEYS[2], seq, entry)
            redis.call('ZADD', KEYS[3], ARGV[4], entry)
            local field = ARGV[1] .. '|' .. ARGV[2]
            local seqs = redis.call('HGET', KEYS[4], field)
            redis.call('HSET', KEYS[4], field, seqs and (seqs .. ' ' .. seq) or tostring(seq))
            redis.call('PUBLISH', ARGV[5], seq)
            return seq""");

    private static final LuaScript DELETE_FORGOTTEN = new LuaScript(REMOVE + """
            return remove(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2])))""");

    /** The newest entry of a kind and id whose forgetAfter is after now, or nil. */
    private static final LuaScript FIND = new LuaScript("""
            local seqs = {}
            for s in string.gmatch(redis.call('HGET', KEYS[4], ARGV[1]) or '', '%d+') do table.insert(seqs, s) end
            for i = #seqs, 1, -1 do
              local entry = redis.call('ZRANGEBYSCORE', KEYS[2], seqs[i], seqs[i])[1]
              if entry then
                local forget = string.match(entry, '^%d+|[^|]*|[^|]*|([^|]*)|')
                if tonumber(forget) > tonumber(ARGV[2]) then return entry end
              end
            end
            return false""");

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String[] logKeys;

    RedisRevocationLog(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.logKeys = new String[] {keys.revocations("seq"), keys.revocations("log"), keys.revocations("forget"),
                keys.revocations("byid")};
    }

    @Override
    public Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
        // The record refuses nulls; build it first so that nothing is written for a bad call.
        new Revocation(0, kind, id, revokedAt, forgetAfter);
        Long seq = redis.call("append a revocation", r -> APPEND.run(r, ScriptOutputType.INTEGER, logKeys,
                bytes(kind.wireName()), bytes(id), bytes(revokedAt.toEpochMilli()), bytes(forgetAfter.toEpochMilli()),
                bytes(keys.revocationChannel()), bytes(TRIM_PER_APPEND)));
        return new Revocation(seq, kind, id, revokedAt, forgetAfter);
    }

    @Override
    public List<Revocation> after(long afterSeq, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return redis.call("list revocations", r -> r.zrangebyscore(logKeys[1],
                        Range.from(Range.Boundary.excluding((double) afterSeq), Range.Boundary.<Double>unbounded()),
                        Limit.create(0, limit)))
                .stream().map(RedisRevocationLog::decode).toList();
    }

    @Override
    public Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
        byte[] entry = redis.call("find a revocation", r -> FIND.run(r, ScriptOutputType.VALUE, logKeys,
                bytes(kind.wireName() + "|" + id), bytes(now.toEpochMilli())));
        return Optional.ofNullable(entry).map(RedisRevocationLog::decode);
    }

    @Override
    public long lastSeq() {
        byte[] seq = redis.call("read the last revocation sequence number", r -> r.get(logKeys[0]));
        return seq == null ? 0 : Long.parseLong(text(seq));
    }

    @Override
    public int deleteForgotten(Instant now) {
        int deleted = 0;
        long batch;
        do {
            batch = redis.call("delete forgotten revocations", r -> DELETE_FORGOTTEN.<Long>run(r,
                    ScriptOutputType.INTEGER, logKeys, bytes(now.toEpochMilli()), bytes(MAX_LIMIT)));
            deleted += (int) batch;
        } while (batch == MAX_LIMIT);
        return deleted;
    }

    private static Revocation decode(byte[] member) {
        String[] p = text(member).split("\\|", 5);
        RevocationKind kind = Arrays.stream(RevocationKind.values()).filter(k -> k.wireName().equals(p[1]))
                .findFirst().orElseThrow(() -> new IllegalStateException("unknown revocation kind in Redis: " + p[1]));
        return new Revocation(Long.parseLong(p[0]), kind, p[4], Instant.ofEpochMilli(Long.parseLong(p[2])),
                Instant.ofEpochMilli(Long.parseLong(p[3])));
    }
}
