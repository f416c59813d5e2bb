package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormTargetsTest {

    @Test
    void web_addresses_give_their_origin_and_app_schemes_their_scheme() {
        assertThat(FormTargets.of("https://App.Example.com/callback?x=1")).hasValue("https://app.example.com");
        assertThat(FormTargets.of("http://127.0.0.1:49152/native")).hasValue("http://127.0.0.1:49152");
        assertThat(FormTargets.of("http://[::1]:8080/cb")).hasValue("http://[::1]:8080");
        assertThat(FormTargets.of("com.example.app:/callback")).hasValue("com.example.app:");
    }

    @Test
    void nothing_that_could_add_to_the_policy_comes_out() {
        assertThat(FormTargets.of("https://a.example;script-src *")).isEmpty();
        assertThat(FormTargets.of("https://a.example/ 'unsafe-inline'")).isEmpty();
        assertThat(FormTargets.of("java script:x")).isEmpty();
        assertThat(FormTargets.of("relative/path")).isEmpty();
        assertThat(FormTargets.of(null)).isEmpty();
    }
}
