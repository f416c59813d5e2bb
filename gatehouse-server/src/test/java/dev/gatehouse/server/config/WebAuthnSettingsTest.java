package dev.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.mfa.WebAuthnRelyingParty;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebAuthnSettingsTest {

    static WebAuthnRelyingParty rp(Map<Setting, String> values) {
        return Settings.from(new EnumMap<>(values.isEmpty() ? Map.of(Setting.SERVER_PORT, "8080") : values)).webAuthn();
    }

    @Test
    void by_default_the_relying_party_is_the_public_origin_host() {
        WebAuthnRelyingParty rp = rp(Map.of(Setting.SERVER_PUBLIC_ORIGIN, "https://auth.example.com"));
        assertThat(rp.id()).isEqualTo("auth.example.com");
        assertThat(rp.origins()).containsExactly("https://auth.example.com");
        assertThat(rp.name()).isEqualTo("Gatehouse");
    }

    @Test
    void an_address_only_public_origin_makes_localhost_the_relying_party() {
        WebAuthnRelyingParty rp = rp(Map.of());
        assertThat(rp.id()).isEqualTo("localhost");
        assertThat(rp.origins()).contains("http://localhost:8080");
    }

    @Test
    void a_parent_domain_serves_its_subdomains() {
        WebAuthnRelyingParty rp = rp(Map.of(Setting.SERVER_PUBLIC_ORIGIN, "https://auth.example.com",
                Setting.WEBAUTHN_RP_ID, "example.com",
                Setting.WEBAUTHN_ORIGINS, "https://auth.example.com, https://app.example.com"));
        assertThat(rp.id()).isEqualTo("example.com");
        assertThat(rp.origins()).isEqualTo(List.of("https://auth.example.com", "https://app.example.com"));
    }

    @Test
    void an_address_or_an_origin_off_the_relying_party_stops_start_up() {
        assertThatThrownBy(() -> rp(Map.of(Setting.WEBAUTHN_RP_ID, "127.0.0.1")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("webauthn.rp-id");
        assertThatThrownBy(() -> rp(Map.of(Setting.SERVER_PUBLIC_ORIGIN, "https://auth.example.com",
                Setting.WEBAUTHN_ORIGINS, "https://evil.example")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("webauthn.origins");
    }
}
