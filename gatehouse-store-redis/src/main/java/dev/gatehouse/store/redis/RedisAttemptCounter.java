package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.bytes;
import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.throttle.AttemptCounter;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link AttemptCounter} on Redis or Redis Cluster: one small hash per key, {@code P{n:KEY}},
 * holding the count and the end of the window, counted and (for a new window) given its TTL in
 * one script. The window end is kept beside the count, rather than left to the TTL alone, so
 * that the window follows the caller's {@code now} like every other store, and the TTL only
 * frees the memory.
 */
final class RedisAttemptCounter implements AttemptCounter {

    private static final LuaScript INCREMENT = new LuaScript("""
            local f = redis.call('HMGET', KEYS[1], 'c', 'e')
            if f[1] and tonumber(f[2]) > tonumber(ARGV[1]) then
              return redis.call('HINCRBY', KEYS[1], 'c', 1)
            end
            redis.call('HSET', KEYS[1], 'c', 1, 'e', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""");

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisAttemptCounter(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public long increment(String key, Duration window, Instant now) {
        AttemptCounter.check(key, window);
        long nowMillis = now.toEpochMilli();
        return redis.call("count an attempt", r -> INCREMENT.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {keys.attempts(key)}, bytes(nowMillis), bytes(window.toMillis()),
                bytes(nowMillis + window.toMillis())));
    }

    @Override
    public Optional<Window> current(String key, Instant now) {
        List<KeyValue<String, byte[]>> fields = redis.call("read an attempt window",
                r -> r.hmget(keys.attempts(key), "c", "e"));
        String count = text(fields.get(0).getValueOrElse(null));
        String endsAt = text(fields.get(1).getValueOrElse(null));
        if (count == null || endsAt == null || Long.parseLong(endsAt) <= now.toEpochMilli()) {
            return Optional.empty();
        }
        return Optional.of(new Window(Long.parseLong(count), Instant.ofEpochMilli(Long.parseLong(endsAt))));
    }

    @Override
    public void reset(String key) {
        redis.call("reset attempts", r -> r.del(keys.attempts(key)));
    }
}
