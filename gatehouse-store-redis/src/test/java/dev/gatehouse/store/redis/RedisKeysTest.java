package dev.gatehouse.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys("gh:");

    @Test
    void every_key_of_one_session_is_in_one_slot_so_one_script_can_change_them_together() {
        for (String sid : List.of("s-1", "Ab3_x-Yz", "odd}id", "{braced}")) {
            assertThat(slots(keys.session(sid), keys.lineage(sid), keys.sealed(sid))).as(sid).hasSize(1);
        }
    }

    private static Set<Integer> slots(String... keys) {
        return Stream.of(keys).map(SlotHash::getSlot).collect(Collectors.toSet());
    }

    @Test
    void the_whole_revocation_log_is_in_one_slot() {
        assertThat(slots(keys.revocations("seq"), keys.revocations("log"), keys.revocations("forget"),
                keys.revocations("byid"))).hasSize(1);
    }

    @Test
    void sessions_spread_over_the_slots() {
        Set<Integer> slots = IntStream.range(0, 1000).mapToObj(i -> SlotHash.getSlot(keys.session("s-" + i)))
                .collect(Collectors.toSet());
        assertThat(slots.size()).isGreaterThan(900);
    }

    @Test
    void keys_of_different_kinds_never_collide() {
        String id = "x";
        assertThat(Set.of(keys.session(id), keys.lineage(id), keys.sealed(id), keys.cookieToken(id),
                keys.refreshToken(id), keys.accountSessions(id), keys.attempts(id), keys.sessionSweep(),
                keys.sealedSweep(), keys.revocations("log"))).hasSize(10);
    }

    @Test
    void a_prefix_with_braces_is_refused_because_it_would_choose_the_slot() {
        for (String prefix : List.of("a{b", "a}b", "x".repeat(65))) {
            assertThatThrownBy(() -> new RedisKeys(prefix)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("prefix");
        }
        assertThat(new RedisKeys("").session("s")).isEqualTo("{s:s}");
    }
}
