package dev.gatehouse.core.oidc;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.core.token.Tokens;
import dev.gatehouse.core.token.Tokens.TokenGrant;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Client grants, each a token session that belongs to the browser session it was approved in.
 *
 * <p>A grant's tokens are those of an ordinary token session ({@link Tokens}): rotation, reuse
 * detection and the grace replay are the same. What makes it a grant is its parent: ending the
 * parent ends the grant ({@link #endStartedFrom}), and a step-up that replaces the parent moves
 * the grant to the replacement ({@link #moveTo}). A grant never outlives its parent's absolute
 * deadline unless the client asked for {@code offline_access}.
 */
public final class Grants {

    private final GrantStore store;
    private final Tokens tokens;
    private final Sessions sessions;
    private final Clock clock;

    public Grants(GrantStore store, Tokens tokens, Sessions sessions, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Issues a grant: a new token session for the client, proved as the parent session was.
     *
     * @param parent   the browser session that approved it
     * @param audience the audience of its access tokens
     * @param scope    the scopes granted, space-separated
     * @param offline  whether {@code offline_access} was granted: the grant may then outlive the
     *                 parent's absolute deadline (not its revocation)
     * @param codeHash SHA-256 (hex) of the authorization code redeemed for it, or null
     */
    public TokenGrant issue(Account account, Client client, Session parent, String audience, String scope,
                            boolean offline, Device device, String codeHash) {
        Instant notAfter = offline ? null : parent.absoluteExpiresAt();
        if (client.registration().grantLifetime() != null) {
            Instant own = clock.instant().plus(client.registration().grantLifetime());
            notAfter = notAfter == null || own.isBefore(notAfter) ? own : notAfter;
        }
        TokenGrant grant = tokens.start(account, client, audience, scope, device, parent.authentications(), notAfter);
        store.create(new Grant(grant.session().id(), parent.id(), client.id(), account.id(), scope,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), codeHash));
        return grant;
    }

    public Optional<Grant> find(String sessionId) {
        return store.find(sessionId);
    }

    public Optional<Grant> findByCode(String codeHash) {
        return store.findByCode(codeHash);
    }

    public List<Grant> startedFrom(String parentSessionId) {
        return store.startedFrom(parentSessionId);
    }

    /** Ends every grant started from a session that has ended; returns how many this call ended. */
    public int endStartedFrom(String parentSessionId, RevokeReason reason) {
        return end(store.startedFrom(parentSessionId), reason);
    }

    /** Ends every grant a client holds for an account (the account withdrew its consent). */
    public int endHeldBy(String accountId, String clientId, RevokeReason reason) {
        return end(store.heldBy(accountId, clientId), reason);
    }

    /** Ends one grant (its code was presented again); false when it had ended already. */
    public boolean end(Grant grant, RevokeReason reason) {
        return sessions.findActive(grant.sessionId()).map(s -> sessions.revoke(s, reason)).orElse(false);
    }

    /** A step-up replaced a browser session: its grants now belong to the replacement. */
    public int moveTo(String fromParent, String toParent) {
        return store.moveTo(fromParent, toParent);
    }

    private int end(List<Grant> grants, RevokeReason reason) {
        int ended = 0;
        for (Grant grant : grants) {
            if (end(grant, reason)) {
                ended++;
            }
        }
        return ended;
    }
}
