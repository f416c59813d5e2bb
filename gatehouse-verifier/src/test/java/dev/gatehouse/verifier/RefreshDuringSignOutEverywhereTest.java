package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.session.RevokeReason;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refreshes racing "sign out everywhere": whatever access token a refresh returned, before, during
 * or after the revocation, the verifier refuses it once the feed has delivered the revocation. The
 * clock runs three times as fast meanwhile, so a token signed during the revocation can carry a later {@code iat}
 * than the account entry and is refused only through its session's own entry.
 */
class RefreshDuringSignOutEverywhereTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ROUNDS = 3;
    private static final int SESSIONS = 4;

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
    void every_token_a_refresh_returned_is_refused_after_signing_out_everywhere() throws Exception {
        String account = gatehouse.gatehouse().accounts().get("alice").id();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> issued = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch refreshing = new CountDownLatch(SESSIONS * 3);
            List<Thread> threads = new CopyOnWriteArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
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

            for (Thread t : threads.subList(0, SESSIONS)) {
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
