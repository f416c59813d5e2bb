package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * After a Gatehouse restart every verifier's stream breaks at once; the waits before they
 * reconnect are spread, so a thousand of them do not come back in step.
 */
class ReconnectJitterTest {

    @Test
    void a_thousand_followers_reconnect_spread_over_half_of_each_backoff_step() {
        RandomGenerator random = new SecureRandom();
        for (long backoff = RevocationFollower.FIRST_BACKOFF_MILLIS; backoff <= RevocationFollower.MAX_BACKOFF_MILLIS;
             backoff *= 2) {
            long step = backoff;
            long[] waits = new long[1000];
            for (int i = 0; i < waits.length; i++) {
                waits[i] = RevocationFollower.jittered(step, random);
            }
            assertThat(Arrays.stream(waits).min().orElseThrow()).isGreaterThanOrEqualTo(step / 2);
            assertThat(Arrays.stream(waits).max().orElseThrow()).isLessThanOrEqualTo(step);
            // no tenth of the window holds more than a fifth of them: no herd
            long[] buckets = new long[10];
            long values = step - step / 2 + 1;
            for (long w : waits) {
                buckets[(int) ((w - step / 2) * 10 / values)]++;
            }
            assertThat(Arrays.stream(buckets).max().orElseThrow()).as("backoff %d ms", step).isLessThan(200);
            assertThat(Arrays.stream(buckets).min().orElseThrow()).as("backoff %d ms", step).isGreaterThan(40);
        }
    }
}
