package dev.gatehouse.core.oidc;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Sessions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows the revocation log and draws what a session's end means for grants: the grants started
 * from an ended browser session end too, and a client whose grant ended is owed a back-channel
 * logout notice ({@link LogoutDeliveryStore#enqueue}, posted by {@link LogoutSender}).
 *
 * <p>The revocation log is the one source of truth for "this access ended" (sign-out, an
 * administrator's revocation, a locked account, a password change, refresh-token reuse...): every
 * cause appends a {@link RevocationKind#SESSION} entry for each session it ends, including each
 * session of an account that {@link Sessions#revokeAll} ends. So following those entries reaches
 * every cause, on whichever node it happened, and nothing else needs to call in here. Ending a
 * grant appends its own entry, which a later pass reads to queue the grant's notice.
 *
 * <p>How far the log was followed is one mark in the {@link LogoutDeliveryStore}, moved by
 * compare-and-set. Several nodes may follow at once: both do the same work (ending an ended
 * session does nothing, a second {@code enqueue} for a client and session is refused), and only
 * one moves the mark. A first start sets the mark at the log's end: sessions ended before
 * back-channel logout existed are not announced.
 *
 * <p>A browser session replaced by a step-up ({@link RevokeReason#STEPPED_UP}) does not end its
 * grants: they move to the replacement ({@link Grants#moveTo}) where the step-up is made.
 */
public final class SessionEndings {

    /** The follower's name for its mark. */
    public static final String FOLLOWER = "backchannel";
    static final int BATCH = 100;

    private final Revocations revocations;
    private final Sessions sessions;
    private final Grants grants;
    private final Clients clients;
    private final LogoutDeliveryStore deliveries;
    private final Clock clock;

    public SessionEndings(Revocations revocations, Sessions sessions, Grants grants, Clients clients,
                          LogoutDeliveryStore deliveries, Clock clock) {
        this.revocations = revocations;
        this.sessions = sessions;
        this.grants = grants;
        this.clients = clients;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * Reads the log from the mark to its end, in batches; returns how many entries were read.
     * Safe to call from several threads and nodes at once.
     */
    public int follow() {
        int read = 0;
        while (true) {
            OptionalLong mark = deliveries.followedUpTo(FOLLOWER);
            if (mark.isEmpty()) {
                deliveries.advance(FOLLOWER, mark, revocations.lastSeq());
                continue;
            }
            List<Revocation> entries = revocations.after(mark.getAsLong(), BATCH);
            if (entries.isEmpty()) {
                return read;
            }
            for (Revocation entry : entries) {
                if (entry.kind() == RevocationKind.SESSION) {
                    ended(entry.id());
                }
            }
            read += entries.size();
            // Losing the race only means another node read the same entries: read on from its mark.
            deliveries.advance(FOLLOWER, mark, entries.getLast().seq());
        }
    }

    private void ended(String sessionId) {
        boolean steppedUp = sessions.find(sessionId).map(s -> s.revokeReason() == RevokeReason.STEPPED_UP).orElse(false);
        if (!steppedUp) {
            grants.endStartedFrom(sessionId, RevokeReason.PARENT_SESSION_ENDED);
        }
        Optional<Grant> grant = grants.find(sessionId);
        if (grant.isEmpty()) {
            return;
        }
        Grant g = grant.get();
        Optional<String> uri = clients.find(g.clientId()).map(Client::registration)
                .map(r -> r.backchannelLogoutUri());
        if (uri.isPresent()) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            deliveries.enqueue(new LogoutDelivery(Secrets.randomToken(16), g.clientId(), g.sessionId(), g.accountId(),
                    uri.get(), now, 0, now, null, null));
        }
    }
}
