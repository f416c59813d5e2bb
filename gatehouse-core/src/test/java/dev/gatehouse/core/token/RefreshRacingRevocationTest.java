package dev.gatehouse.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.key.KeyAlgorithm;
import dev.gatehouse.core.key.SigningKeys;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.session.Sessions;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "Sign out everywhere" landing in the middle of a refresh, at the two points where it can:
 * before the rotation is stored (the rotation must then fail), and after it, while the access
 * token is being signed (that token must then be refused by its session's revocation entry,
 * since its {@code iat} is later than the account entry's time).
 */
class RefreshRacingRevocationTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Account ALICE = new Account("acc-alice", "alice", "alice", "$h", Set.of(), false, T0);

    private final MovableClock clock = new MovableClock(T0);
    private final Stores stores = Stores.inMemory();
    private final Revocations revocations = new Revocations(stores.revocations(), Duration.ofMinutes(10),
            Duration.ofSeconds(60), clock);
    private final Sessions sessions = new Sessions(stores.sessions(), stores.audit(), revocations,
            new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1)), clock);
    /** Runs once, inside the next rotation: before the store rotates, or after. */
    private Runnable beforeRotation = () -> { };
    private Runnable afterRotation = () -> { };
    /** What the listener given at construction heard, in order. */
    private final List<Tokens.RefreshOutcome> outcomes = new ArrayList<>();
    private final Tokens tokens = tokenService();

    private Tokens tokenService() {
        Sealer sealer = new Sealer(Secrets.randomBytes(32));
        SigningKeys keys = new SigningKeys(stores.keys(), sealer, KeyAlgorithm.ES256, Duration.ofMinutes(5),
                Duration.ofMinutes(10), clock);
        keys.ensureKey();
        RefreshTokenStore store = stores.refreshTokens();
        RefreshTokenStore racing = new RefreshTokenStore() {
            @Override
            public void issue(String sessionId, String tokenHash, Instant at) {
                store.issue(sessionId, tokenHash, at);
            }

            @Override
            public RotationResult rotate(String presentedHash, String newHash, byte[] sealed, Instant now, Duration grace) {
                Runnable before = beforeRotation;
                Runnable after = afterRotation;
                beforeRotation = () -> { };
                afterRotation = () -> { };
                before.run();
                RotationResult result = store.rotate(presentedHash, newHash, sealed, now, grace);
                after.run();
                return result;
            }

            @Override
            public Optional<String> sessionOf(String tokenHash) {
                return store.sessionOf(tokenHash);
            }

            @Override
            public int dropSealedBefore(Instant cutoff) {
                return store.dropSealedBefore(cutoff);
            }

            @Override
            public void forget(String sessionId) {
                store.forget(sessionId);
            }
        };
        return new Tokens(sessions, racing, new AccessTokens(keys, "https://gh.test", Duration.ofMinutes(10),
                Duration.ofSeconds(60), clock), new Clients(stores.clients(), List.of("api"), Duration.ofMinutes(5), stores.audit(), clock),
                revocations, sealer, Duration.ofSeconds(10), stores.audit(), clock,
                outcomes::add);
    }

    private Tokens.TokenGrant signIn() {
        stores.accounts().create(ALICE);
        Client mobile = new Client("mobile", null, Set.of(), T0);
        stores.clients().create(mobile);
        return tokens.start(ALICE, mobile, "api", null, Device.UNKNOWN);
    }

    /** Sign out everywhere, a second later. */
    private void signOutEverywhere() {
        clock.advance(Duration.ofSeconds(1));
        sessions.revokeAll(ALICE.id(), RevokeReason.SIGN_OUT_EVERYWHERE);
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void a_refresh_whose_session_is_revoked_before_it_rotates_is_refused() {
        Tokens.TokenGrant grant = signIn();
        beforeRotation = this::signOutEverywhere;

        assertThatThrownBy(() -> tokens.refresh(grant.refreshToken(), "mobile"))
                .isInstanceOf(NotAuthenticatedException.class).hasMessageContaining("invalid");
        assertThat(stores.refreshTokens().sessionOf(Secrets.sha256Hex(grant.refreshToken()))).isPresent();
        assertThat(outcomes).containsExactly(Tokens.RefreshOutcome.INVALID);
    }

    @Test
    void a_token_signed_after_sign_out_everywhere_is_covered_by_its_sessions_entry() {
        Tokens.TokenGrant grant = signIn();
        afterRotation = this::signOutEverywhere;

        Tokens.TokenGrant late = tokens.refresh(grant.refreshToken(), "mobile");
        assertThat(outcomes).as("the rotation itself succeeded").containsExactly(Tokens.RefreshOutcome.ROTATED);

        Revocation accountEntry = revocations.after(0, 100).stream()
                .filter(r -> r.kind() == RevocationKind.ACCOUNT).findFirst().orElseThrow();
        assertThat(tokens.authenticate(late.access().token())).as("Gatehouse itself: the session is revoked").isEmpty();
        assertThat(late.access().issuedAt()).isAfter(accountEntry.revokedAt());
        assertThat(revocations.after(0, 100)).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(RevocationKind.SESSION);
            assertThat(r.id()).isEqualTo(late.session().id());
        });
    }
}
