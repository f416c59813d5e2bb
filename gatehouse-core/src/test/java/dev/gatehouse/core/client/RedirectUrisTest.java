package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedirectUrisTest {

    private static final List<String> WEB = List.of("https://app.example.com/callback");

    @Test
    void the_registered_address_itself_matches() {
        assertThat(RedirectUris.matches(WEB, "https://app.example.com/callback")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://app.example.com/callbacK", "https://app.example.com/callback/", "https://app.example.com/callbac",
        "https://app.example.co/callback", "http://app.example.com/callback", "https://App.example.com/callback",
        "https://app.example.com:443/callback", "https://app.example.com/callback?x=1", "https://app.example.com/callback#",
        "https://app.example.com/callback#frag", "https://app.example.com@evil.example/callback",
        "https://evil.example@app.example.com/callback", "https://app.example.com.evil.example/callback",
        "https://app.example.com/callback/../callback", "https://app.example.com/%63allback",
        " https://app.example.com/callback", "https://app.example.com/callback ", ""})
    void an_address_that_differs_in_any_way_does_not(String presented) {
        assertThat(RedirectUris.matches(WEB, presented)).isFalse();
    }

    @Test
    void nothing_matches_an_empty_list_or_a_missing_address() {
        assertThat(RedirectUris.matches(List.of(), "https://app.example.com/callback")).isFalse();
        assertThat(RedirectUris.matches(WEB, null)).isFalse();
    }

    @Test
    void a_registered_loopback_address_matches_on_any_port_with_the_same_path_and_query() {
        List<String> native4 = List.of("http://127.0.0.1/cb?app=1");
        assertThat(RedirectUris.matches(native4, "http://127.0.0.1:51234/cb?app=1")).isTrue();
        assertThat(RedirectUris.matches(native4, "http://127.0.0.1/cb?app=1")).isTrue();
        assertThat(RedirectUris.matches(native4, "http://127.0.0.1:1/cb?app=1")).isTrue();
        List<String> native6 = List.of("http://[::1]:8080/cb");
        assertThat(RedirectUris.matches(native6, "http://[::1]:61000/cb")).isTrue();
        assertThat(RedirectUris.matches(native6, "http://127.0.0.1:61000/cb")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:51234/cb?app=2", "http://127.0.0.1:51234/cb", "http://127.0.0.1:51234/cb?app=1#x",
        "http://127.0.0.1:51234/Cb?app=1", "https://127.0.0.1:51234/cb?app=1", "http://127.0.0.2:51234/cb?app=1",
        "http://127.0.0.1:99999/cb?app=1", "http://127.0.0.1:0/cb?app=1", "http://127.0.0.1:080/cb?app=1",
        "http://127.0.0.1:80@evil.example/cb?app=1", "http://127.0.0.1@evil.example/cb?app=1",
        "http://127.0.0.1.evil.example/cb?app=1", "http://localhost:51234/cb?app=1", "http://127.0.0.1:/cb?app=1",
        "http://127.0.0.1:5x/cb?app=1", "http://[::1]:5000/cb?app=1"})
    void a_loopback_address_must_still_match_in_everything_but_the_port(String presented) {
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1/cb?app=1"), presented)).isFalse();
    }

    @Test
    void localhost_is_not_loopback_for_the_port_exception() {
        List<String> registered = List.of("http://localhost/cb");
        assertThat(RedirectUris.matches(registered, "http://localhost/cb")).isTrue();
        assertThat(RedirectUris.matches(registered, "http://localhost:5000/cb")).isFalse();
    }

    @Test
    void a_private_use_scheme_matches_exactly() {
        List<String> registered = List.of("com.example.app:/callback");
        assertThat(RedirectUris.matches(registered, "com.example.app:/callback")).isTrue();
        assertThat(RedirectUris.matches(registered, "com.example.app:/callback2")).isFalse();
        assertThat(RedirectUris.matches(registered, "com.example.ap:/callback")).isFalse();
        assertThat(RedirectUris.matches(registered, "com.example.app://callback")).isFalse();
        assertThat(RedirectUris.matches(registered, "COM.EXAMPLE.APP:/callback")).isFalse();
    }
}
