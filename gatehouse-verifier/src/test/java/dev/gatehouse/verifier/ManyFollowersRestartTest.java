package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.server.config.Setting;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many verifiers follow one Gatehouse, which restarts (stopped, then a new one on the same port
 * and data folder). While it is away, a verifier past its staleness bound refuses tokens; when it
 * is back, the verifiers come back spread out over time rather than in one burst, and each of
 * them sees a revocation made after the restart.
 *
 * <p>Each verifier has its own HTTP client, as separate services would, wrapped to record when
 * its requests were answered. Times are printed; the only time asserted is the spread, and it is
 * a lower bound.
 */
class ManyFollowersRestartTest {

    private static final int FOLLOWERS = 200;
    /** About what a real restart (a new JVM) keeps Gatehouse away; the followers' backoff grows meanwhile. */
    private static final Duration AWAY = Duration.ofSeconds(2);
    private static final long BUCKET_MILLIS = 100;
    private static final String STREAM = "/v1/revocations/stream";

    @TempDir
    Path data;
    RealGatehouse gatehouse;
    final List<GatehouseVerifier> verifiers = new ArrayList<>();
    final List<RecordingHttpClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        verifiers.forEach(GatehouseVerifier::close);
        clients.forEach(RecordingHttpClient::close);
        if (gatehouse != null) {
            gatehouse.close();
        }
    }

    @Test
    void after_a_restart_many_followers_come_back_spread_out_fail_closed_while_stale_and_all_see_a_later_revocation()
            throws Exception {
        // One service's many instances: one client, and a per-client stream limit that admits them all.
        gatehouse = new RealGatehouse(data, Map.of(Setting.REVOCATIONS_MAX_STREAMS_PER_CLIENT, Integer.toString(FOLLOWERS)));
        gatehouse.createAccount("alice");
        JsonNode login = gatehouse.login("alice");
        String token = login.path("access_token").asText();
        startFollowers();
        Await.until("every follower to open its stream", () -> clients.stream().allMatch(c -> streamOpenedAfter(c, 0) > 0));
        for (GatehouseVerifier v : verifiers) {
            assertThat(v.verify(token).subject()).isNotBlank();
        }

        long stopped = System.nanoTime();
        gatehouse.stop();
        // Once each follower has failed to reach it, none is still reading what the old server sent last.
        Await.until("every follower to find Gatehouse gone", () -> clients.stream().allMatch(c -> c.exchanges.stream()
                .anyMatch(e -> e.nanos() > stopped && e.status() == 0)));
        gatehouse.clock.advance(Duration.ofSeconds(31)); // past the 30 s staleness bound
        for (GatehouseVerifier v : verifiers) {
            assertThatThrownBy(() -> v.verify(token)).isInstanceOf(RevocationsUnavailableException.class)
                    .hasMessageContaining("allowed staleness 30000 ms; failing closed");
        }
        Thread.sleep(AWAY.toMillis());
        long restarting = System.nanoTime();
        gatehouse.start();
        long started = System.nanoTime();
        System.out.printf("Gatehouse away %d ms, of which %d ms starting again%n", (started - stopped) / 1_000_000,
                (started - restarting) / 1_000_000);

        Await.until("every follower to reopen its stream", () -> clients.stream().allMatch(c -> streamOpenedAfter(c, stopped) > 0));
        // When each follower sent the request that reopened its stream: what its backoff and jitter decide,
        // and when the new server's socket received it. The answers come later, and bunch up while the
        // new server, cold, works through its first requests.
        long[] back = clients.stream().mapToLong(c -> reopeningSentAfter(c, stopped)).sorted().toArray();
        long[] answered = clients.stream().mapToLong(c -> streamOpenedAfter(c, stopped)).sorted().toArray();
        long failed = clients.stream().mapToLong(c -> c.exchanges.stream()
                .filter(e -> e.nanos() > stopped && e.status() == 0).count()).sum();
        System.out.printf("%d followers; %d failed requests while Gatehouse was away (%.1f per follower)%n", FOLLOWERS,
                failed, failed / (double) FOLLOWERS);
        long spreadMillis = (back[back.length - 1] - back[0]) / 1_000_000;
        long[] buckets = histogram(back);
        printHistogram(back, buckets, started);
        System.out.printf("their answers came from %d ms to %d ms after Gatehouse had started again (busiest 100 ms: %d)%n",
                (answered[0] - started) / 1_000_000, (answered[answered.length - 1] - started) / 1_000_000,
                Arrays.stream(histogram(answered)).max().orElseThrow());
        assertThat(spreadMillis).as("reconnects spread over at least this many ms").isGreaterThanOrEqualTo(300);
        assertThat(Arrays.stream(buckets).max().orElseThrow()).as("reconnects in the busiest 100 ms")
                .isLessThan(FOLLOWERS / 2);

        for (GatehouseVerifier v : verifiers) {
            assertThat(v.verify(token).subject()).as("fresh again once the stream is back").isNotBlank();
        }
        long revoking = System.nanoTime();
        assertThat(gatehouse.revokeSession(login)).isEqualTo(200);
        Await.until("every follower to refuse the revoked token",
                () -> verifiers.stream().allMatch(v -> Await.refused(v, token, RevokedTokenException.class)));
        System.out.printf("a revocation after the restart reached all %d followers within %d ms%n", FOLLOWERS,
                (System.nanoTime() - revoking) / 1_000_000);
    }

    @Test
    void followers_the_stream_limit_refuses_back_off_instead_of_retrying_in_a_loop_and_still_see_revocations()
            throws Exception {
        gatehouse = new RealGatehouse(data, Map.of(Setting.REVOCATIONS_MAX_STREAMS_PER_CLIENT, "2"));
        gatehouse.createAccount("alice");
        JsonNode login = gatehouse.login("alice");
        String token = login.path("access_token").asText();
        startFollowers(6);
        Thread.sleep(8000);

        long[] refusedStreams = clients.stream().mapToLong(c -> c.exchanges.stream()
                .filter(e -> e.path().equals(STREAM) && e.status() == 503).count()).toArray();
        System.out.println("refused stream requests per follower over 8 s: " + Arrays.toString(refusedStreams));
        assertThat(Arrays.stream(refusedStreams).filter(n -> n == 0).count()).as("followers holding a stream").isEqualTo(2);
        // Backing off from 100 ms to 5 s, even the shortest draws (half of each step) fit at most 9 tries
        // into 9 s (8 s here, and a second of start-up); without backoff it was 25 or more on a slow machine.
        assertThat(Arrays.stream(refusedStreams).max().orElseThrow()).isLessThanOrEqualTo(10);

        for (GatehouseVerifier v : verifiers) {
            assertThat(v.verify(token).subject()).as("the pages keep a refused follower fresh").isNotBlank();
        }
        assertThat(gatehouse.revokeSession(login)).isEqualTo(200);
        Await.until("every follower to refuse the revoked token",
                () -> verifiers.stream().allMatch(v -> Await.refused(v, token, RevokedTokenException.class)));
    }

    private void startFollowers() throws Exception {
        startFollowers(FOLLOWERS);
    }

    private void startFollowers(int followers) throws Exception {
        for (int i = 0; i < followers; i++) {
            clients.add(new RecordingHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build()));
        }
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<GatehouseVerifier>> built = new ArrayList<>();
            for (RecordingHttpClient c : clients) {
                built.add(pool.submit(() -> gatehouse.verifier().httpClient(c).build()));
            }
            for (Future<GatehouseVerifier> f : built) {
                verifiers.add(f.get());
            }
        }
        System.out.printf("%d verifiers built in %d ms%n", followers, (System.nanoTime() - start) / 1_000_000);
    }

    /** When the client's first stream after {@code since} (System.nanoTime()) was answered 200; 0 if none yet. */
    private static long streamOpenedAfter(RecordingHttpClient client, long since) {
        return client.exchanges.stream().filter(e -> e.nanos() > since && e.status() == 200 && e.path().equals(STREAM))
                .mapToLong(RecordingHttpClient.Exchange::nanos).findFirst().orElse(0);
    }

    /** When the request that first reopened the client's stream after {@code since} was sent; 0 if none yet. */
    private static long reopeningSentAfter(RecordingHttpClient client, long since) {
        return client.exchanges.stream().filter(e -> e.nanos() > since && e.status() == 200 && e.path().equals(STREAM))
                .mapToLong(RecordingHttpClient.Exchange::sent).findFirst().orElse(0);
    }

    /** Reconnects per {@link #BUCKET_MILLIS} from the first one. */
    private static long[] histogram(long[] sorted) {
        long[] buckets = new long[(int) ((sorted[sorted.length - 1] - sorted[0]) / 1_000_000 / BUCKET_MILLIS) + 1];
        for (long t : sorted) {
            buckets[(int) ((t - sorted[0]) / 1_000_000 / BUCKET_MILLIS)]++;
        }
        return buckets;
    }

    private static void printHistogram(long[] sorted, long[] buckets, long started) {
        System.out.printf("requests that reopened the streams sent from %d ms to %d ms after Gatehouse had started"
                + " again (spread %d ms):%n",
                (sorted[0] - started) / 1_000_000, (sorted[sorted.length - 1] - started) / 1_000_000,
                (sorted[sorted.length - 1] - sorted[0]) / 1_000_000);
        for (int i = 0; i < buckets.length; i++) {
            System.out.printf("  +%5d ms %4d %s%n", i * BUCKET_MILLIS, buckets[i], "#".repeat((int) buckets[i]));
        }
    }
}
