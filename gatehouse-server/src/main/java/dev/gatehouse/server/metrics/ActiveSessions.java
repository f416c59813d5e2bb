package dev.gatehouse.server.metrics;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionCursor;
import dev.gatehouse.core.session.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How many sessions are active, counted from the shared store (so every node reports the same
 * total), at an interval, off the request path; the gauge reads the last count.
 *
 * <p>The session port has no count, and adding one to every backend for a gauge did not seem
 * worth it yet: the count is the sum of each account's active sessions, read with the ports'
 * ordinary operations. That is one query per account per interval, fine for the embedded store
 * and up to tens of thousands of accounts; beyond that, a {@code countActive} capability on the
 * session store is the way to go, and only this class would change.
 */
public final class ActiveSessions {

    private static final int PAGE = 500;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final Clock clock;
    private volatile double cached = Double.NaN;

    public ActiveSessions(AccountStore accounts, SessionStore sessions, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The last count; NaN before the first or after a failed one. */
    public double cached() {
        return cached;
    }

    /** Counts now, on the calling thread, and caches the result. */
    public long count() {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            long total = 0;
            for (Account account : accounts.list()) {
                total += countActive(account.id(), now);
            }
            cached = total;
            return total;
        } catch (RuntimeException e) {
            cached = Double.NaN;
            throw e;
        }
    }

    /** One account's active sessions, read a page at a time so that a large account is never held whole. */
    private long countActive(String accountId, Instant now) {
        long count = 0;
        SessionCursor after = null;
        List<Session> page;
        do {
            page = sessions.listActive(accountId, now, after, PAGE);
            count += page.size();
            after = page.isEmpty() ? null : SessionCursor.after(page.getLast());
        } while (page.size() == PAGE);
        return count;
    }
}
