package dev.gatehouse.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientKeyTest {

    @Test
    void an_ipv4_address_is_its_own_key() {
        assertThat(ClientKey.of("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientKey.of("192.0.2.2")).isEqualTo("192.0.2.2");
        assertThat(ClientKey.of("192.000.002.001")).isEqualTo("192.0.2.1");
    }

    @Test
    void ipv6_addresses_of_one_slash_64_share_a_key_in_any_spelling() {
        String key = ClientKey.of("2001:db8:1:2::1");

        assertThat(key).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientKey.of("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo(key);
        assertThat(ClientKey.of("2001:DB8:1:2:a:b:c:d%eth0")).isEqualTo(key);
        assertThat(ClientKey.of("2001:db8:1:3::1")).isNotEqualTo(key);
    }

    @Test
    void an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address() {
        assertThat(ClientKey.of("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientKey.of("0:0:0:0:0:ffff:c000:201")).isEqualTo("192.0.2.1");
    }

    @Test
    void what_is_not_an_address_is_kept_as_given_and_never_looked_up() {
        assertThat(ClientKey.of("localhost")).isEqualTo("localhost");
        assertThat(ClientKey.of("cafe")).isEqualTo("cafe");
        assertThat(ClientKey.of("1.2.3")).isEqualTo("1.2.3");
        assertThat(ClientKey.of("999.1.1.1")).isEqualTo("999.1.1.1");
        assertThat(ClientKey.of("::g")).isEqualTo("::g");
        assertThat(ClientKey.of("")).isEmpty();
        assertThat(ClientKey.of(null)).isEmpty();
    }
}
