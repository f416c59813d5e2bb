package dev.gatehouse.core.memory;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionCursor;
import dev.gatehouse.core.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reference implementation of {@link SessionStore}: maps guarded by one lock. For tests. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, Session> byId = new HashMap<>();
    private final Map<String, String> idByTokenHash = new HashMap<>();

    @Override
    public synchronized void create(Session session) {
        if (byId.containsKey(session.id())
                || (session.tokenHash() != null && idByTokenHash.containsKey(session.tokenHash()))) {
            throw new IllegalStateException("duplicate session id or token hash");
        }
        byId.put(session.id(), session);
        if (session.tokenHash() != null) {
            idByTokenHash.put(session.tokenHash(), session.id());
        }
    }

    @Override
    public synchronized Optional<Session> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Session> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(idByTokenHash.get(tokenHash)).map(byId::get);
    }

    /** The listing order of the port: newest first, by start time and then id. */
    private static final Comparator<Session> NEWEST_FIRST =
            Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed();

    @Override
    public synchronized List<Session> listActive(String accountId, Instant now, SessionCursor after, int limit) {
        return active(accountId, now).filter(s -> after == null || after.precedes(s)).limit(limit).toList();
    }

    private Stream<Session> active(String accountId, Instant now) {
        return byId.values().stream()
                .filter(s -> s.accountId().equals(accountId) && s.isActiveAt(now))
                .sorted(NEWEST_FIRST);
    }

    @Override
    public synchronized List<String> revokeBeyond(String accountId, int keep, int atMost, Instant at,
                                                  RevokeReason reason) {
        List<Session> excess = active(accountId, at).skip(keep).toList();
        List<String> revoked = new ArrayList<>();
        for (Session s : excess.subList(Math.max(0, excess.size() - atMost), excess.size())) {
            byId.put(s.id(), s.revoked(at, reason));
            revoked.add(s.id());
        }
        return revoked;
    }

    @Override
    public synchronized boolean touch(String id, Instant lastUsedAt, Instant idleExpiresAt) {
        Session s = byId.get(id);
        if (s == null || !s.isActiveAt(lastUsedAt)) {
            return false;
        }
        byId.put(id, s.touched(lastUsedAt, idleExpiresAt));
        return true;
    }

    @Override
    public synchronized boolean revoke(String id, Instant at, RevokeReason reason) {
        Session s = byId.get(id);
        if (s == null || s.isRevoked()) {
            return false;
        }
        byId.put(id, s.revoked(at, reason));
        return true;
    }

    @Override
    public synchronized List<String> revokeAll(String accountId, Instant at, RevokeReason reason) {
        List<String> revoked = new ArrayList<>();
        for (Session s : List.copyOf(byId.values())) {
            if (s.accountId().equals(accountId) && s.isActiveAt(at)) {
                byId.put(s.id(), s.revoked(at, reason));
                revoked.add(s.id());
            }
        }
        return revoked;
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        List<Session> expired = byId.values().stream().filter(s -> !now.isBefore(s.expiresAt())).toList();
        for (Session s : expired) {
            byId.remove(s.id());
            if (s.tokenHash() != null) {
                idByTokenHash.remove(s.tokenHash());
            }
        }
        return expired.size();
    }
}
