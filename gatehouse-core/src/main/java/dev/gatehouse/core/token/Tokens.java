package dev.gatehouse.core.token;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The token transport of a session: an access token plus a rotating refresh token.
 *
 * <p>Refresh tokens rotate on every use. The store keeps the lineage; presenting the previous
 * token within the grace window returns the very token the first exchange produced (kept sealed
 * for that window only), so parallel tabs and retries after a lost answer neither fork the
 * lineage nor sign anyone out. Presenting any older token is reuse: someone holds a copy they
 * should not, so the session is revoked, which ends the legitimate holder's access too and
 * forces a new sign-in.
 */
public final class Tokens {

    private static final int REFRESH_BYTES = 32;
    private static final Pattern REFRESH_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Sessions sessions;
    private final Clients clients;
    private final RefreshTokenStore refreshTokens;
    private final AccessTokens accessTokens;
    private final Revocations revocations;
    private final Sealer sealer;
    private final Duration grace;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<RefreshOutcome> onRefresh;

    /**
     * @param onRefresh called once per refresh with its outcome, on the refreshing thread, for
     *                  example for metrics ({@code outcome -> { }} for none; {@link Consumer#andThen}
     *                  for several)
     */
    public Tokens(Sessions sessions, RefreshTokenStore refreshTokens, AccessTokens accessTokens, Clients clients,
                        Revocations revocations, Sealer sealer, Duration grace, AuditLog audit, Clock clock,
                        Consumer<RefreshOutcome> onRefresh) {
        this.sessions = sessions;
        this.clients = clients;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.sealer = sealer;
        this.grace = grace;
        this.audit = audit;
        this.clock = clock;
        this.onRefresh = Objects.requireNonNull(onRefresh, "onRefresh");
    }

    /** What a client receives: an access token, a refresh token, and the session they belong to. */
    public record TokenGrant(IssuedAccessToken access, String refreshToken, Session session) {
        @Override
        public String toString() {
            return "TokenGrant[" + session + "]";
        }
    }

    /** How one refresh ended; reported to the listener given at construction, for example for metrics. */
    public enum RefreshOutcome {
        /** The current token was exchanged for a new one. */
        ROTATED,
        /** The previous token, inside the grace window, got the token its first exchange produced. */
        GRACE_REPLAY,
        /** A token of the lineage that is no longer usable: the session was revoked. */
        REUSE,
        /** Malformed, unknown, expired or revoked, or presented by another client. */
        INVALID
    }

    /** A verified access token and its live session. */
    public record Authenticated(AccessTokenClaims claims, Session session) {
    }

    /** Starts a token session for an account that has just proved who it is with its password. */
    public TokenGrant start(Account account, Client client, String audience, String scope, Device device) {
        return start(account, client, audience, scope, device, Authentications.of(AuthMethod.PASSWORD, now()));
    }

    /**
     * Starts a token session for an account that has just proved who it is, as {@code proof}
     * says; its access tokens, this one and every refreshed one, carry the same {@code amr},
     * {@code auth_time} and {@code acr}.
     */
    public TokenGrant start(Account account, Client client, String audience, String scope, Device device,
                            Authentications proof) {
        return start(account, client, audience, scope, device, proof, null);
    }

    /**
     * As {@link #start(Account, Client, String, String, Device, Authentications)}, the session
     * ending no later than {@code notAfter} (null for the session policy's absolute lifetime).
     */
    public TokenGrant start(Account account, Client client, String audience, String scope, Device device,
                            Authentications proof, Instant notAfter) {
        Session session = sessions.startGrant(account, client.id(), device, audience, scope, proof, notAfter);
        String refresh = Secrets.randomToken(REFRESH_BYTES);
        refreshTokens.issue(session.id(), Secrets.sha256Hex(refresh), now());
        return new TokenGrant(issueAccess(session), refresh, session);
    }

    /**
     * Exchanges a refresh token for a new access token and a new refresh token.
     *
     * @param clientId the client presenting it, or null when the client is implied (browser cookie)
     * @throws NotAuthenticatedException {@code invalid_grant} for an unknown, reused, expired or
     *                                   revoked token, or one of another client
     */
    public TokenGrant refresh(String refreshToken, String clientId) {
        if (refreshToken == null || !REFRESH_SHAPE.matcher(refreshToken).matches()) {
            throw refused(RefreshOutcome.INVALID);
        }
        String presented = Secrets.sha256Hex(refreshToken);
        // Bind to session and client before rotating: a token shown by the wrong client must not move the lineage.
        Session session = refreshTokens.sessionOf(presented).flatMap(sessions::findActive)
                .orElseThrow(() -> refused(RefreshOutcome.INVALID));
        if (clientId != null && !clientId.equals(session.clientId())) {
            throw refused(RefreshOutcome.INVALID);
        }
        if (!clients.isRegistered(session.clientId())) {
            // the client was deleted: its sessions end as they are next used
            sessions.revoke(session, RevokeReason.CLIENT_DELETED);
            throw refused(RefreshOutcome.INVALID);
        }
        String next = Secrets.randomToken(REFRESH_BYTES);
        String context = "refresh-grace:" + presented;
        RotationResult result = refreshTokens.rotate(presented, Secrets.sha256Hex(next),
                sealer.seal(next.getBytes(StandardCharsets.US_ASCII), context), now(), grace);
        String issued = switch (result) {
            case RotationResult.Rotated r -> next;
            case RotationResult.GraceReplay replay -> new String(sealer.open(replay.sealedToken(), context),
                    StandardCharsets.US_ASCII);
            case RotationResult.Reused reused -> {
                sessions.revoke(session, RevokeReason.REFRESH_REUSE);
                audit.append(AuditEvent.of(now(), AuditType.REFRESH_REUSE_DETECTED, session.accountId(), null,
                        session.id(), null, "refresh_reuse"));
                throw refused(RefreshOutcome.REUSE);
            }
            case RotationResult.SessionEnded ended -> throw refused(RefreshOutcome.INVALID);
            case RotationResult.NotFound notFound -> throw refused(RefreshOutcome.INVALID);
        };
        onRefresh.accept(result instanceof RotationResult.Rotated ? RefreshOutcome.ROTATED : RefreshOutcome.GRACE_REPLAY);
        Session used = sessions.markUsed(session);
        return new TokenGrant(issueAccess(used), issued, used);
    }

    /**
     * A valid, unrevoked access token and its live session; empty otherwise. For Gatehouse's own
     * endpoints: checks the store, so a revocation is effective at once.
     */
    public Optional<Authenticated> authenticate(String accessToken) {
        AccessTokenClaims claims;
        try {
            claims = accessTokens.verify(accessToken);
        } catch (NotAuthenticatedException e) {
            return Optional.empty();
        }
        if (AccessTokens.isClientToken(claims)) {
            return Optional.empty(); // a client's own token has no session to read: see authenticateClient
        }
        // Revoked sessions (sign-out, sign-out everywhere, lock, reuse) are revoked in the session store
        // itself, which is read here anyway; only token-id revocations need the log.
        return sessions.findActive(claims.sessionId())
                .filter(s -> s.accountId().equals(claims.subject()) && !revocations.isTokenRevoked(claims.jti()))
                .map(s -> new Authenticated(claims, s));
    }

    /**
     * An access token for a client acting on its own behalf ({@code client_credentials}): no
     * session, no refresh token; revoked by its {@code jti} ({@link #revoke}).
     */
    public IssuedAccessToken issueForClient(Client client, String audience, String scope) {
        return accessTokens.issueForClient(client.id(), audience, scope);
    }

    /**
     * A valid, unrevoked access token a client holds for itself ({@link #issueForClient}); empty
     * for any other token, so {@link #authenticate} and this never both answer for one token.
     * Such a token has no session: it is active until it expires or its id is revoked.
     */
    public Optional<AccessTokenClaims> authenticateClient(String accessToken) {
        try {
            AccessTokenClaims claims = accessTokens.verify(accessToken);
            return AccessTokens.isClientToken(claims) && !revocations.isTokenRevoked(claims.jti())
                    ? Optional.of(claims) : Optional.empty();
        } catch (NotAuthenticatedException e) {
            return Optional.empty();
        }
    }

    /**
     * Revokes a token a client presents (RFC 7009): a refresh token ends its session, an access
     * token is revoked by id. Unknown tokens, and tokens of another client, are ignored.
     *
     * @param clientId the client asking; a client can only revoke its own tokens
     */
    public void revoke(String token, String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (token == null) {
            return;
        }
        if (REFRESH_SHAPE.matcher(token).matches()) {
            refreshTokens.sessionOf(Secrets.sha256Hex(token)).flatMap(sessions::findActive)
                    .filter(s -> s.clientId().equals(clientId))
                    .ifPresent(s -> sessions.revoke(s, RevokeReason.TOKEN_REVOKED));
            return;
        }
        try {
            AccessTokenClaims claims = accessTokens.verify(token);
            if (claims.clientId().equals(clientId)) {
                revocations.token(claims.jti(), claims.expiresAt());
            }
        } catch (NotAuthenticatedException ignored) {
            // RFC 7009 2.2: an invalid token needs no revocation
        }
    }

    /** Drops the sealed copies of new refresh tokens whose grace window has passed. */
    public int dropExpiredGraceCopies() {
        return refreshTokens.dropSealedBefore(now().minus(grace));
    }

    private IssuedAccessToken issueAccess(Session session) {
        return accessTokens.issue(session.accountId(), session.id(), session.clientId(), session.audience(),
                session.scope(), session.authentications());
    }

    private NotAuthenticatedException refused(RefreshOutcome outcome) {
        onRefresh.accept(outcome);
        return invalidGrant();
    }

    private NotAuthenticatedException invalidGrant() {
        return new NotAuthenticatedException(ErrorCode.INVALID_GRANT, "the refresh token is invalid, expired or revoked");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
