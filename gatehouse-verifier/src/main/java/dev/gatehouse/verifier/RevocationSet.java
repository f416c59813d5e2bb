package dev.gatehouse.verifier;

import dev.gatehouse.token.rules.Messages;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations a verifier has heard of, in memory, by kind: a session ({@code sid}), an
 * account ({@code sub}, tokens issued at or before the revocation) or one token ({@code jti}).
 *
 * <p>Memory stays bounded by the feed's own rule: an entry is dropped once its
 * {@code forget_after} has passed, when no token it could match can still be valid (Gatehouse
 * sets it to the revocation time plus the longest token lifetime plus skew, or the token's own
 * expiry plus skew), so the set holds at most the revocations of one token lifetime.
 */
final class RevocationSet {

    /** One remembered revocation. */
    record Entry(Instant revokedAt, Instant forgetAfter) {
        Entry merge(Entry other) {
            return new Entry(revokedAt.isAfter(other.revokedAt) ? revokedAt : other.revokedAt,
                    forgetAfter.isAfter(other.forgetAfter) ? forgetAfter : other.forgetAfter);
        }
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Entry> accounts = new ConcurrentHashMap<>();
    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

    /** Records an entry of the feed; unknown kinds are ignored (a newer server may add some). */
    void add(String kind, String id, Instant revokedAt, Instant forgetAfter, Instant now) {
        if (!forgetAfter.isAfter(now)) {
            return;
        }
        Map<String, Entry> map = switch (kind) {
            case "session" -> sessions;
            case "account" -> accounts;
            case "token" -> tokens;
            default -> null;
        };
        if (map != null) {
            map.merge(id, new Entry(revokedAt, forgetAfter), Entry::merge);
        }
    }

    /** Throws {@link RevokedTokenException} when the token matches an entry. */
    void check(VerifiedToken token) {
        Entry t = tokens.get(token.tokenId());
        if (t != null) {
            throw new RevokedTokenException("token " + Messages.shown(token.tokenId()) + " was revoked at " + t.revokedAt());
        }
        Entry s = sessions.get(token.sessionId());
        if (s != null) {
            throw new RevokedTokenException("session " + Messages.shown(token.sessionId()) + " was revoked at "
                    + s.revokedAt());
        }
        Entry a = accounts.get(token.subject());
        if (a != null && !token.issuedAt().isAfter(a.revokedAt())) {
            throw new RevokedTokenException("the tokens of account " + Messages.shown(token.subject())
                    + " issued up to " + a.revokedAt() + " were revoked; this one was issued at " + token.issuedAt());
        }
    }

    /** Drops entries past their {@code forget_after}; returns how many. */
    int prune(Instant now) {
        int before = size();
        for (Map<String, Entry> map : java.util.List.of(sessions, accounts, tokens)) {
            map.values().removeIf(e -> !e.forgetAfter().isAfter(now));
        }
        return before - size();
    }

    int size() {
        return sessions.size() + accounts.size() + tokens.size();
    }
}
