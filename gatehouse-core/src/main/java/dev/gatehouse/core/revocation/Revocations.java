package dev.gatehouse.core.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes the revocation log and answers whether an access token is revoked.
 *
 * <p>An entry only has to outlive the tokens it could match: a session or account entry lives as
 * long as the longest access-token lifetime (plus clock skew), a token entry until that token
 * expires. So the log, and the set each verifier keeps in memory, stays small however many
 * revocations happen.
 *
 * <p>Followers hear of appends from the store ({@link RevocationNotices}), not from here: an
 * append through the store's log is noticed on every backend, by whichever node made it.
 */
public final class Revocations {

    private final RevocationLog log;
    private final Duration maxTokenLifetime;
    private final Duration skew;
    private final Clock clock;

    public Revocations(RevocationLog log, Duration maxTokenLifetime, Duration skew, Clock clock) {
        this.log = log;
        this.maxTokenLifetime = maxTokenLifetime;
        this.skew = skew;
        this.clock = clock;
    }

    /** Every token of this session is refused from now on. */
    public Revocation session(String sessionId) {
        Instant now = now();
        return log.append(RevocationKind.SESSION, sessionId, now, now.plus(maxTokenLifetime).plus(skew));
    }

    /** Every token of this account issued up to now is refused. */
    public Revocation account(String accountId) {
        Instant now = now();
        return log.append(RevocationKind.ACCOUNT, accountId, now, now.plus(maxTokenLifetime).plus(skew));
    }

    /** This one token is refused until it expires anyway. */
    public Revocation token(String jti, Instant tokenExpiresAt) {
        Instant now = now();
        Instant forget = tokenExpiresAt.plus(skew);
        return log.append(RevocationKind.TOKEN, jti, now, forget.isAfter(now) ? forget : now.plusMillis(1));
    }

    /**
     * Whether this one token was revoked by its id. (Session and account revocations are seen by
     * Gatehouse itself in the session store; verifiers elsewhere apply all three kinds.)
     */
    public boolean isTokenRevoked(String jti) {
        return log.find(RevocationKind.TOKEN, jti, now()).isPresent();
    }

    /** Entries after a sequence number, oldest first. */
    public List<Revocation> after(long seq, int limit) {
        return log.after(seq, limit);
    }

    public long lastSeq() {
        return log.lastSeq();
    }

    /** Drops entries no token can match any more. */
    public int deleteForgotten() {
        return log.deleteForgotten(now());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
