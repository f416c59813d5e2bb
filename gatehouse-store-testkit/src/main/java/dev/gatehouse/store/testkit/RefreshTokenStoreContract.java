package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.RefreshTokenStore;
import dev.gatehouse.core.token.RotationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RefreshTokenStore} must do: the rotation state machine documented on
 * {@link RefreshTokenStore#rotate}, including its outcome when many requests present the same
 * token at once. A backend passes by extending this class and returning fresh, empty stores from
 * {@link #newStores()}.
 *
 * <p>A lineage belongs to a session, and a backend may insist that the session exists (a foreign
 * key that removes the lineage with the session), so the suite creates the account
 * {@value #ALICE} and the sessions {@value #S1} and {@value #S2} through the same {@link Stores}
 * before each test.
 */
public abstract class RefreshTokenStoreContract {

    protected static final String ALICE = "acc-alice";
    protected static final String S1 = "s-1";
    protected static final String S2 = "s-2";
    /** A short session, created by the test that lets it expire. */
    protected static final String S3 = "s-3";

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration GRACE = Duration.ofSeconds(30);

    private Stores stores;
    private RefreshTokenStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.refreshTokens();
        stores.accounts().create(new Account(ALICE, ALICE, ALICE, "$hash", Set.of(), false, T0));
        for (String sid : List.of(S1, S2)) {
            stores.sessions().create(new Session(sid, ALICE, null, "mobile-app", T0, T0,
                    T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(30)), null, null, null));
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    /** A token sealed for storage: opaque bytes, any value from 0 to 255 included. */
    private static byte[] sealed(String token) {
        byte[] bytes = new byte[60];
        new Random(token.hashCode()).nextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = (byte) 0xFF;
        return bytes;
    }

    private RotationResult rotate(String presented, String next, Instant now) {
        return store.rotate(presented, next, sealed(next), now, GRACE);
    }

    private static void assertReplays(RotationResult result, String sessionId, String sealedToken) {
        assertThat(result).isInstanceOfSatisfying(RotationResult.GraceReplay.class, replay -> {
            assertThat(replay.sessionId()).isEqualTo(sessionId);
            assertThat(replay.sealedToken()).isEqualTo(sealed(sealedToken));
        });
    }

    @Test
    void presenting_the_current_token_rotates_it() {
        store.issue(S1, "h0", T0);

        assertThat(rotate("h0", "h1", T0.plusSeconds(60))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void the_new_token_is_current_after_a_rotation() {
        store.issue(S1, "h0", T0);
        rotate("h0", "h1", T0.plusSeconds(60));

        assertThat(rotate("h1", "h2", T0.plusSeconds(120))).isEqualTo(new RotationResult.Rotated(S1));
        assertThat(rotate("h2", "h3", T0.plusSeconds(180))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void the_previous_token_within_the_grace_window_replays_the_token_of_that_rotation() {
        store.issue(S1, "h0", T0);
        Instant rotatedAt = T0.plusSeconds(60);
        rotate("h0", "h1", rotatedAt);

        assertReplays(rotate("h0", "h1-retry", rotatedAt), S1, "h1");
        assertReplays(rotate("h0", "h1-retry", rotatedAt.plus(GRACE).minusMillis(1)), S1, "h1");

        assertThat(store.sessionOf("h1-retry")).isEmpty();
        assertThat(rotate("h1", "h2", rotatedAt.plusSeconds(1))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void the_previous_token_at_or_after_the_end_of_the_window_is_reuse() {
        store.issue(S1, "h0", T0);
        Instant rotatedAt = T0.plusSeconds(60);
        rotate("h0", "h1", rotatedAt);

        assertThat(rotate("h0", "h1-late", rotatedAt.plus(GRACE))).isEqualTo(new RotationResult.Reused(S1));
        assertThat(rotate("h0", "h1-later", rotatedAt.plus(GRACE).plusSeconds(3600)))
                .isEqualTo(new RotationResult.Reused(S1));

        assertThat(store.sessionOf("h1-late")).isEmpty();
        assertThat(rotate("h1", "h2", rotatedAt.plus(GRACE).plusSeconds(3601)))
                .isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void a_token_two_rotations_back_is_reuse_even_within_the_window() {
        store.issue(S1, "h0", T0);
        rotate("h0", "h1", T0.plusSeconds(1));
        rotate("h1", "h2", T0.plusSeconds(2));

        assertThat(rotate("h0", "h-stolen", T0.plusSeconds(3))).isEqualTo(new RotationResult.Reused(S1));

        assertThat(store.sessionOf("h-stolen")).isEmpty();
        assertReplays(rotate("h1", "h2-retry", T0.plusSeconds(3)), S1, "h2");
        assertThat(rotate("h2", "h3", T0.plusSeconds(4))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void an_unknown_token_is_not_found_and_stores_nothing() {
        store.issue(S1, "h0", T0);

        assertThat(rotate("h-unknown", "h1", T0.plusSeconds(1))).isEqualTo(new RotationResult.NotFound());
        assertThat(rotate("H0", "h1", T0.plusSeconds(1))).isEqualTo(new RotationResult.NotFound());

        assertThat(store.sessionOf("h1")).isEmpty();
        assertThat(rotate("h0", "h1", T0.plusSeconds(2))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void sealed_copies_are_dropped_once_their_window_has_passed_and_only_then() {
        store.issue(S1, "h0", T0);
        Instant rotatedAt = T0.plusSeconds(60);
        rotate("h0", "h1", rotatedAt);

        assertThat(store.dropSealedBefore(rotatedAt)).isZero();
        assertReplays(rotate("h0", "h1-retry", rotatedAt.plusSeconds(1)), S1, "h1");

        assertThat(store.dropSealedBefore(rotatedAt.plus(GRACE))).isEqualTo(1);
        assertThat(store.dropSealedBefore(rotatedAt.plus(GRACE))).isZero();
        assertThat(rotate("h0", "h1-late", rotatedAt.plus(GRACE))).isEqualTo(new RotationResult.Reused(S1));
        assertThat(rotate("h1", "h2", rotatedAt.plus(GRACE))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void without_a_grace_window_the_previous_token_is_reused_at_once() {
        store.issue(S1, "h0", T0);
        Instant rotatedAt = T0.plusSeconds(60);
        store.rotate("h0", "h1", sealed("h1"), rotatedAt, Duration.ZERO);

        assertThat(store.rotate("h0", "h1-retry", sealed("h1-retry"), rotatedAt, Duration.ZERO))
                .isEqualTo(new RotationResult.Reused(S1));
    }

    @Test
    void after_a_grace_replay_the_new_token_still_rotates_normally() {
        store.issue(S1, "h0", T0);
        rotate("h0", "h1", T0.plusSeconds(1));
        assertReplays(rotate("h0", "h1-retry", T0.plusSeconds(2)), S1, "h1");

        assertThat(rotate("h1", "h2", T0.plusSeconds(3))).isEqualTo(new RotationResult.Rotated(S1));
        assertReplays(rotate("h1", "h2-retry", T0.plusSeconds(4)), S1, "h2");
        assertThat(rotate("h0", "h1-again", T0.plusSeconds(4))).isEqualTo(new RotationResult.Reused(S1));
    }

    @Test
    void the_replayed_token_is_the_one_stored_not_the_callers_array() {
        store.issue(S1, "h0", T0);
        byte[] sealedToken = sealed("h1");
        store.rotate("h0", "h1", sealedToken, T0.plusSeconds(1), GRACE);
        sealedToken[5] ^= 1;

        RotationResult replay = rotate("h0", "h1-retry", T0.plusSeconds(2));
        assertReplays(replay, S1, "h1");
        ((RotationResult.GraceReplay) replay).sealedToken()[6] ^= 1;
        assertReplays(rotate("h0", "h1-retry", T0.plusSeconds(3)), S1, "h1");
    }

    @Test
    void a_token_of_a_revoked_session_neither_rotates_nor_replays() {
        store.issue(S1, "h0", T0);
        store.issue(S2, "other-0", T0);
        rotate("h0", "h1", T0.plusSeconds(1));

        assertThat(stores.sessions().revoke(S1, T0.plusSeconds(2), RevokeReason.SIGN_OUT)).isTrue();

        assertThat(rotate("h1", "h2", T0.plusSeconds(3))).isEqualTo(new RotationResult.SessionEnded(S1));
        assertThat(rotate("h0", "h1-retry", T0.plusSeconds(3))).isEqualTo(new RotationResult.SessionEnded(S1));
        assertThat(store.sessionOf("h2")).isEmpty();
        assertThat(rotate("other-0", "other-1", T0.plusSeconds(3))).isEqualTo(new RotationResult.Rotated(S2));
    }

    @Test
    void a_token_of_a_session_past_its_deadline_does_not_rotate() {
        store.issue(S1, "h0", T0);
        Instant idleDeadline = T0.plus(Duration.ofDays(1));

        assertThat(rotate("h0", "h1", idleDeadline)).isEqualTo(new RotationResult.SessionEnded(S1));
        assertThat(store.sessionOf("h1")).isEmpty();
        assertThat(rotate("h0", "h1", idleDeadline.minusMillis(1))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void a_rotation_never_succeeds_once_the_revocation_of_its_session_is_stored() throws Exception {
        store.issue(S1, "g0", T0);
        Instant now = T0.plusSeconds(60);
        AtomicBoolean revoked = new AtomicBoolean();
        List<String> lateRotations = new CopyOnWriteArrayList<>();
        AtomicReference<Object> end = new AtomicReference<>();
        CountDownLatch rotating = new CountDownLatch(20);
        Thread refresher = Thread.ofPlatform().start(() -> {
            try {
                for (int g = 0; g < 100_000; g++) {
                    boolean revokedBefore = revoked.get();
                    RotationResult result = rotate("g" + g, "g" + (g + 1), now);
                    if (!(result instanceof RotationResult.Rotated)) {
                        end.set(result);
                        return;
                    }
                    if (revokedBefore) {
                        lateRotations.add("g" + (g + 1));
                    }
                    rotating.countDown();
                }
            } catch (RuntimeException e) {
                end.set(e);
            }
        });
        assertThat(rotating.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stores.sessions().revoke(S1, now, RevokeReason.SIGN_OUT_EVERYWHERE)).isTrue();
        revoked.set(true);
        refresher.join(30_000);

        assertThat(refresher.isAlive()).isFalse();
        assertThat(end.get()).isEqualTo(new RotationResult.SessionEnded(S1));
        assertThat(lateRotations).isEmpty();
    }

    /**
     * {@code deleteExpired} reports only a count, so no caller can forget the lineages of the
     * sessions it deleted: the store removes them with the session (a foreign key, the same
     * script, or the same lock).
     */
    @Test
    void deleting_an_expired_session_deletes_its_refresh_tokens() {
        stores.sessions().create(new Session(S3, ALICE, null, "app", T0, T0, T0.plusSeconds(60),
                T0.plusSeconds(3600), null, null, null));
        store.issue(S3, "h0", T0);
        store.rotate("h0", "h1", sealed("h1"), T0.plusSeconds(1), Duration.ZERO);
        store.issue(S1, "other-0", T0);

        assertThat(stores.sessions().deleteExpired(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(store.sessionOf("h0")).isEmpty();
        assertThat(store.sessionOf("h1")).isEmpty();
        assertThat(store.rotate("h1", "h2", sealed("h2"), T0.plusSeconds(61), Duration.ZERO))
                .isEqualTo(new RotationResult.NotFound());
        assertThat(rotate("other-0", "other-1", T0.plusSeconds(61))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void every_token_ever_issued_names_its_session() {
        store.issue(S1, "h0", T0);
        rotate("h0", "h1", T0.plusSeconds(1));
        rotate("h1", "h2", T0.plusSeconds(2));

        assertThat(store.sessionOf("h2")).contains(S1);
        assertThat(store.sessionOf("h1")).contains(S1);
        assertThat(store.sessionOf("h0")).contains(S1);
        assertThat(store.sessionOf("h3")).isEmpty();
    }

    @Test
    void forgetting_a_lineage_makes_every_token_of_it_unknown() {
        store.issue(S1, "h0", T0);
        rotate("h0", "h1", T0.plusSeconds(1));
        rotate("h1", "h2", T0.plusSeconds(2));
        store.issue(S2, "other-0", T0);

        store.forget(S1);

        for (String token : List.of("h0", "h1", "h2")) {
            assertThat(store.sessionOf(token)).as(token).isEmpty();
            assertThat(rotate(token, token + "-next", T0.plusSeconds(3))).as(token)
                    .isEqualTo(new RotationResult.NotFound());
        }
        assertThat(store.sessionOf("other-0")).contains(S2);
        assertThat(rotate("other-0", "other-1", T0.plusSeconds(3))).isEqualTo(new RotationResult.Rotated(S2));
    }

    @Test
    void forgetting_a_session_without_a_lineage_changes_nothing() {
        store.issue(S1, "h0", T0);

        store.forget(S2);
        store.forget("s-404");

        assertThat(rotate("h0", "h1", T0.plusSeconds(1))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void lineages_of_two_sessions_are_independent() {
        store.issue(S1, "a0", T0);
        store.issue(S2, "b0", T0);

        assertThat(rotate("a0", "a1", T0.plusSeconds(1))).isEqualTo(new RotationResult.Rotated(S1));
        assertThat(rotate("b0", "b1", T0.plusSeconds(2))).isEqualTo(new RotationResult.Rotated(S2));
        assertThat(rotate("a1", "a2", T0.plusSeconds(3))).isEqualTo(new RotationResult.Rotated(S1));

        assertReplays(rotate("b0", "b1-retry", T0.plusSeconds(4)), S2, "b1");
        assertThat(rotate("a0", "a-stolen", T0.plusSeconds(4))).isEqualTo(new RotationResult.Reused(S1));
        assertThat(rotate("b1", "b2", T0.plusSeconds(5))).isEqualTo(new RotationResult.Rotated(S2));
    }

    @Test
    void a_session_has_one_lineage_and_a_token_hash_belongs_to_one_session() {
        store.issue(S1, "h0", T0);

        assertThatThrownBy(() -> store.issue(S1, "h0-again", T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.issue(S2, "h0", T0))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("h0"));

        assertThat(store.sessionOf("h0-again")).isEmpty();
        assertThat(store.sessionOf("h0")).contains(S1);
        assertThat(rotate("h0", "h1", T0.plusSeconds(1))).isEqualTo(new RotationResult.Rotated(S1));
    }

    @Test
    void of_many_threads_presenting_the_current_token_at_once_one_rotates_and_the_others_replay_its_token() {
        store.issue(S1, "h0", T0);
        Instant now = T0.plusSeconds(60);

        List<Concurrently.Outcome<RotationResult>> outcomes = Concurrently.run(i ->
                () -> rotate("h0", "h1-" + i, now));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        List<Integer> winners = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).result() instanceof RotationResult.Rotated).boxed().toList();
        assertThat(winners).hasSize(1);
        String winningToken = "h1-" + winners.get(0);
        assertThat(outcomes.get(winners.get(0)).result()).isEqualTo(new RotationResult.Rotated(S1));
        for (int i = 0; i < outcomes.size(); i++) {
            if (i != winners.get(0)) {
                assertReplays(outcomes.get(i).result(), S1, winningToken);
                assertThat(store.sessionOf("h1-" + i)).as("loser " + i).isEmpty();
            }
        }
        assertThat(rotate(winningToken, "h2", now.plusSeconds(1))).isEqualTo(new RotationResult.Rotated(S1));
    }
}
