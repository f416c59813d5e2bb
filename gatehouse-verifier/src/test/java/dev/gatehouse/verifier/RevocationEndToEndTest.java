package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.session.RevokeReason;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation from a real Gatehouse server to the verifier, through the feed, and what an outage does. */
class RevocationEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RACE_ROUNDS = 3;
    private static final int RACE_SESSIONS = 4;

    @TempDir
    Path data;
    RealGatehouse gatehouse;
    GatehouseVerifier verifier;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        gatehouse = new RealGatehouse(data);
        gatehouse.createAccount("alice");
        verifier = gatehouse.verifier().build();
    }

    @AfterEach
    void stop() {
        verifier.close();
        gatehouse.close();
    }

    @Test
    void a_token_of_a_revoked_session_is_refused_once_the_feed_delivers_the_revocation() throws Exception {
        JsonNode login = gatehouse.login("alice");
        String token = login.path("access_token").asText();
        VerifiedToken verified = verifier.verify(token);
        assertThat(verified.sessionId()).isEqualTo(login.path("session_id").asText());
        assertThat(verified.issuer()).isEqualTo(RealGatehouse.ORIGIN);

        assertThat(gatehouse.revokeSession(login)).isEqualTo(200);

        Await.until("the session revocation to reach the verifier",
                () -> Await.refused(verifier, token, RevokedTokenException.class));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(RevokedTokenException.class)
                .hasMessageContaining("session " + verified.sessionId() + " was revoked at");
    }

    @Test
    void locking_an_account_refuses_its_earlier_tokens_but_not_later_ones() throws Exception {
        String before = gatehouse.login("alice").path("access_token").asText();
        verifier.verify(before);
        gatehouse.gatehouse().accounts().lock("alice");
        Await.until("the account revocation", () -> Await.refused(verifier, before, RevokedTokenException.class));
        assertThatThrownBy(() -> verifier.verify(before)).isInstanceOf(RevokedTokenException.class); // by its session entry and the account entry

        gatehouse.gatehouse().accounts().unlock("alice");
        gatehouse.clock.advance(Duration.ofSeconds(1));
        String after = gatehouse.login("alice").path("access_token").asText();
        assertThat(verifier.verify(after).subject()).isEqualTo(gatehouse.gatehouse().accounts().get("alice").id());
    }

    @Test
    void a_single_revoked_token_id_is_refused_and_its_sibling_is_not() throws Exception {
        String first = gatehouse.login("alice").path("access_token").asText();
        String second = gatehouse.login("alice").path("access_token").asText();
        VerifiedToken t = verifier.verify(first);
        gatehouse.gatehouse().revocations().token(t.tokenId(), t.expiresAt());
        Await.until("the token revocation", () -> Await.refused(verifier, first, RevokedTokenException.class));
        assertThat(verifier.verify(second).subject()).isEqualTo(t.subject());
    }

    @Test
    void a_verifier_started_after_a_revocation_learns_it_from_the_log() throws Exception {
        JsonNode login = gatehouse.login("alice");
        String token = login.path("access_token").asText();
        VerifiedToken t = verifier.verify(token);
        gatehouse.revokeSession(login);
        try (GatehouseVerifier late = gatehouse.verifier().build()) {
            assertThatThrownBy(() -> late.verify(token)).isInstanceOf(RevokedTokenException.class);
            assertThat(late.lastRevocationSeq()).isEqualTo(1);
        }
    }

    @Test
    void revocation_entries_are_dropped_once_no_token_they_match_can_still_be_valid() throws Exception {
        JsonNode login = gatehouse.login("alice");
        String token = login.path("access_token").asText();
        VerifiedToken t = verifier.verify(token);
        gatehouse.revokeSession(login);
        Await.until("the revocation", () -> verifier.revocationEntries() == 1);
        // forget_after = revocation + 10 min token lifetime + 60 s skew
        gatehouse.clock.advance(Duration.ofMinutes(11).plusSeconds(1));
        Await.until("the entry to be dropped", () -> verifier.revocationEntries() == 0);
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(ExpiredTokenException.class);
    }

    @Test
    void with_the_feed_down_past_the_staleness_verification_fails_closed_and_recovers_when_it_returns()
            throws Exception {
        String token = gatehouse.login("alice").path("access_token").asText();
        verifier.verify(token);
        gatehouse.stop();
        gatehouse.clock.advance(Duration.ofSeconds(20));
        assertThat(verifier.verify(token).subject()).isNotBlank(); // within the 30 s staleness
        gatehouse.clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(RevocationsUnavailableException.class)
                .hasMessage("the revocation feed was last heard from 31000 ms ago, allowed staleness 30000 ms;"
                        + " failing closed")
                .extracting(e -> ((TokenRejectedException) e).status()).isEqualTo(503);

        gatehouse.start();
        Await.until("the feed to come back", () -> {
            try {
                verifier.verify(token);
                return true;
            } catch (RevocationsUnavailableException e) {
                return false;
            }
        });
        // and what was revoked during the outage is caught up from the log
        VerifiedToken t = verifier.verify(token);
        gatehouse.stop();
        gatehouse.start();
        gatehouse.gatehouse().revocations().session(t.sessionId());
        Await.until("the revocation after the restart", () -> Await.refused(verifier, token, RevokedTokenException.class));
    }

    @Test
    void without_client_credentials_the_feed_refuses_the_verifier_and_verification_fails_closed() throws Exception {
        String token = gatehouse.login("alice").path("access_token").asText();
        try (GatehouseVerifier anonymous = gatehouse.anonymousVerifier().build()) {
            assertThatThrownBy(() -> anonymous.verify(token)).isInstanceOf(RevocationsUnavailableException.class)
                    .hasMessage("the revocation feed has not been reached yet (revocation page answered 401: Gatehouse"
                            + " serves the feed to registered clients only; set clientCredentials); failing closed");
        }
    }

    @Test
    void with_a_wrong_secret_the_feed_refuses_the_verifier_and_the_message_names_the_client_not_the_secret()
            throws Exception {
        String token = gatehouse.login("alice").path("access_token").asText();
        String wrong = "not-the-secret-but-just-as-long-0123456789";
        try (GatehouseVerifier refused = gatehouse.anonymousVerifier()
                .clientCredentials(RealGatehouse.CLIENT, wrong).build()) {
            assertThatThrownBy(() -> refused.verify(token)).isInstanceOf(RevocationsUnavailableException.class)
                    .hasMessageContaining("answered 401: Gatehouse refused the credentials of client 'orders-api'")
                    .hasMessageNotContaining(wrong);
        }
    }

    @Test
    void a_public_client_cannot_follow_the_feed() throws Exception {
        gatehouse.gatehouse().clients().create("mobile", null, Set.of());
        String token = gatehouse.login("alice").path("access_token").asText();
        try (GatehouseVerifier publicClient = gatehouse.anonymousVerifier().clientCredentials("mobile", "x").build()) {
            assertThatThrownBy(() -> publicClient.verify(token)).isInstanceOf(RevocationsUnavailableException.class)
                    .hasMessageContaining("answered 401");
        }
    }

    @Test
    void fail_open_is_an_explicit_option_that_keeps_accepting_while_the_feed_is_stale() throws Exception {
        String token = gatehouse.login("alice").path("access_token").asText();
        try (GatehouseVerifier open = gatehouse.verifier().failOpenWhenRevocationsStale(true).build()) {
            open.verify(token);
            gatehouse.stop();
            gatehouse.clock.advance(Duration.ofSeconds(45));
            assertThat(open.verify(token).subject()).isNotBlank();
        } finally {
            gatehouse.start();
        }
    }

    /**
     * Measures, not asserts: from the moment Gatehouse answered the revocation (the revocation is
     * committed) to the first refusal by the verifier, over 50 sessions. Written to
     * target/revocation-latency.txt for the benchmark notes.
     */
    @Test
    void fifty_revocations_each_reach_the_verifier_and_their_latency_is_recorded() throws Exception {
        List<Double> millis = new ArrayList<>();
        List<Double> fromRequest = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            JsonNode login = gatehouse.login("alice");
            String token = login.path("access_token").asText();
            verifier.verify(token);
            long sent = System.nanoTime();
            assertThat(gatehouse.revokeSession(login)).isEqualTo(200);
            long answered = System.nanoTime();
            while (!Await.refused(verifier, token, RevokedTokenException.class)) {
                Thread.onSpinWait();
                if (System.nanoTime() - answered > Duration.ofSeconds(15).toNanos()) {
                    throw new AssertionError("revocation " + i + " did not arrive within 15 s");
                }
            }
            long refused = System.nanoTime();
            millis.add((refused - answered) / 1e6);
            fromRequest.add((refused - sent) / 1e6);
        }
        Collections.sort(millis);
        Collections.sort(fromRequest);
        String summary = String.format("revocation propagation over %d revocations (revocation answered -> verifier refuses):"
                + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", millis.size(), millis.get(24), millis.get(44),
                millis.get(49), millis.get(49))
                + String.format("  from the revocation being sent: p50 %.2f ms, p90 %.2f ms, max %.2f ms%n", fromRequest.get(24),
                fromRequest.get(44), fromRequest.get(49));
        System.out.print(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "revocation-latency.txt"), Instant.now() + " " + summary);
    }

    /**
     * Refreshes racing "sign out everywhere": whatever access token a refresh returned, before,
     * during or after the revocation, the verifier refuses it once the feed has delivered the
     * revocation. The clock runs three times as fast meanwhile, so a token signed during the
     * revocation can carry a later {@code iat} than the account entry and is refused only through
     * its session's own entry.
     */
    @Test
    void every_token_a_refresh_returned_is_refused_after_signing_out_everywhere() throws Exception {
        String account = gatehouse.gatehouse().accounts().get("alice").id();
        for (int round = 0; round < RACE_ROUNDS; round++) {
            List<String> issued = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch refreshing = new CountDownLatch(RACE_SESSIONS * 3);
            List<Thread> threads = new CopyOnWriteArrayList<>();
            for (int s = 0; s < RACE_SESSIONS; s++) {
                JsonNode login = gatehouse.login("alice");
                issued.add(login.path("access_token").asText());
                String first = login.path("refresh_token").asText();
                threads.add(Thread.ofPlatform().start(() -> refreshUntilRefused(first, issued, refreshing)));
            }
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    gatehouse.clock.advance(Duration.ofMillis(3));
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
            assertThat(refreshing.await(30, TimeUnit.SECONDS)).isTrue();

            gatehouse.gatehouse().sessions().revokeAll(account, RevokeReason.SIGN_OUT_EVERYWHERE);

            for (Thread t : threads.subList(0, RACE_SESSIONS)) {
                t.join(30_000);
            }
            stop.set(true);
            threads.getLast().join();
            for (String token : issued) {
                Await.until("round " + round + ": a token to be refused",
                        () -> Await.refused(verifier, token, RevokedTokenException.class));
            }
        }
    }

    /** Refreshes over HTTP, keeping every access token it gets, until the refresh is refused. */
    private void refreshUntilRefused(String refreshToken, List<String> issued, CountDownLatch refreshing) {
        String current = refreshToken;
        try {
            for (int i = 0; i < 10_000; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(gatehouse.base().resolve("/v1/refresh"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + current + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return;
                }
                JsonNode body = MAPPER.readTree(r.body());
                issued.add(body.path("access_token").asText());
                current = body.path("refresh_token").asText();
                refreshing.countDown();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
