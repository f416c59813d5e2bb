package dev.gatehouse.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.memory.InMemoryDeviceGrantStore;
import dev.gatehouse.core.oidc.DeviceAuthorizations.Poll;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceAuthorizationsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-04-01T12:00:00Z"));
    private final InMemoryDeviceGrantStore store = new InMemoryDeviceGrantStore();
    private final DeviceAuthorizations devices = new DeviceAuthorizations(store, clock);
    private final Client tv = new Client("tv", null, Set.of(), clock.instant());

    @Test
    void codes_are_random_and_the_user_code_avoids_vowels() {
        DeviceAuthorizations.Started a = devices.start(tv, "openid");
        DeviceAuthorizations.Started b = devices.start(tv, "openid");
        assertThat(a.deviceCode()).hasSize(43).isNotEqualTo(b.deviceCode());
        assertThat(a.userCode()).matches("[BCDFGHJKLMNPQRSTVWXZ]{8}");
        assertThat(a.expiresAt()).isEqualTo(clock.instant().plus(DeviceAuthorizations.LIFETIME));
        assertThat(store.findByUserCode(a.userCode())).hasValueSatisfying(g -> {
            assertThat(g.deviceCodeHash()).doesNotContain(a.deviceCode());
            assertThat(g.scope()).isEqualTo("openid");
        });
    }

    @Test
    void an_approved_authorization_is_redeemed_by_exactly_one_poll() {
        DeviceAuthorizations.Started started = devices.start(tv, "openid");
        assertThat(devices.poll(started.deviceCode(), "tv")).isInstanceOf(Poll.Pending.class);
        assertThat(devices.poll(started.deviceCode(), "tv")).isInstanceOf(Poll.SlowDown.class);
        store.decide(started.userCode(), true, "acc-1", "sid-1", clock.instant());
        clock.advance(Duration.ofSeconds(5));
        assertThat(devices.poll(started.deviceCode(), "tv")).isInstanceOfSatisfying(Poll.Approved.class,
                approved -> assertThat(approved.grant().sessionId()).isEqualTo("sid-1"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(devices.poll(started.deviceCode(), "tv")).isInstanceOf(Poll.Invalid.class);
    }

    @Test
    void another_clients_poll_and_an_unknown_code_find_nothing_and_expiry_wins_over_pending() {
        DeviceAuthorizations.Started started = devices.start(tv, "");
        assertThat(devices.poll(started.deviceCode(), "radio")).isInstanceOf(Poll.Invalid.class);
        assertThat(devices.poll("nope", "tv")).isInstanceOf(Poll.Invalid.class);
        assertThat(devices.poll(null, "tv")).isInstanceOf(Poll.Invalid.class);
        clock.advance(DeviceAuthorizations.LIFETIME);
        assertThat(devices.poll(started.deviceCode(), "tv")).isInstanceOf(Poll.Expired.class);
    }
}
