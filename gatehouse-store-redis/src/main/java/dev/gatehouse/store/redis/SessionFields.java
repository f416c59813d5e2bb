package dev.gatehouse.store.redis;

import static dev.gatehouse.store.redis.RedisConnection.bytes;
import static dev.gatehouse.store.redis.RedisConnection.text;

import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A session as the fields of one Redis hash: short field names, times as epoch milliseconds,
 * absent fields for nulls and empty device parts. The scripts read {@code ie}, {@code ae},
 * {@code ra}, {@code t} and {@code a} by these names. {@code am} holds
 * {@link Authentications#encode()}; no script reads it, it is written once with the session.
 */
final class SessionFields {

    private SessionFields() {
    }

    /** Field-value pairs for {@code HSET}. */
    static List<byte[]> encode(Session s) {
        List<byte[]> out = new ArrayList<>(28);
        put(out, "a", s.accountId());
        put(out, "t", s.tokenHash());
        put(out, "c", s.clientId());
        put(out, "ca", s.createdAt());
        put(out, "lu", s.lastUsedAt());
        put(out, "ie", s.idleExpiresAt());
        put(out, "ae", s.absoluteExpiresAt());
        put(out, "ua", s.device().userAgent());
        put(out, "ip", s.device().ip());
        put(out, "ra", s.revokedAt());
        put(out, "rr", s.revokeReason() == null ? null : s.revokeReason().code());
        put(out, "au", s.audience());
        put(out, "sc", s.scope());
        put(out, "am", s.authentications().encode());
        return out;
    }

    private static void put(List<byte[]> out, String field, String value) {
        if (value != null && !value.isEmpty()) {
            out.add(bytes(field));
            out.add(bytes(value));
        }
    }

    private static void put(List<byte[]> out, String field, Instant value) {
        if (value != null) {
            out.add(bytes(field));
            out.add(bytes(value.toEpochMilli()));
        }
    }

    /** The session a {@code HGETALL} returned, or null for an empty reply (no such key). */
    static Session decode(String id, Map<String, byte[]> h) {
        if (h == null || h.isEmpty()) {
            return null;
        }
        return new Session(id, text(h.get("a")), text(h.get("t")), text(h.get("c")),
                instant(h.get("ca")), instant(h.get("lu")), instant(h.get("ie")), instant(h.get("ae")),
                new Device(orEmpty(h.get("ua")), orEmpty(h.get("ip"))), instant(h.get("ra")), reason(h.get("rr")),
                text(h.get("au")), text(h.get("sc")), authentications(h.get("am")));
    }

    /** Absent for a session stored before methods were recorded: it reads as proved by a password. */
    private static Authentications authentications(byte[] stored) {
        return stored == null ? null : Authentications.parse(text(stored));
    }

    private static RevokeReason reason(byte[] code) {
        return code == null ? null : RevokeReason.ofCode(text(code));
    }

    private static String orEmpty(byte[] value) {
        return value == null ? "" : text(value);
    }

    private static Instant instant(byte[] millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(text(millis)));
    }
}
