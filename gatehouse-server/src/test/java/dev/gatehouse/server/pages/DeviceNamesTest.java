package dev.gatehouse.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceNamesTest {

    private final Texts t = Texts.english();

    @Test
    void common_browsers_and_systems_are_named_as_people_say_them() {
        assertThat(name("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).isEqualTo("Firefox on Linux");
        assertThat(name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                + "Safari/537.36 Edg/131.0.0.0")).isEqualTo("Edge on Windows");
        assertThat(name("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36")).isEqualTo("Chrome on macOS");
        assertThat(name("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/18.1 Mobile/15E148 Safari/604.1")).isEqualTo("Safari on iPhone");
        assertThat(name("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Mobile Safari/537.36")).isEqualTo("Chrome on Android");
        assertThat(name("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 "
                + "Safari/537.36")).isEqualTo("Chrome (headless) on Linux");
        assertThat(name("curl/8.5.0")).isEqualTo("curl");
    }

    @Test
    void what_is_not_recognised_is_called_unknown_not_guessed() {
        assertThat(name("")).isEqualTo("An unknown device");
        assertThat(name(null)).isEqualTo("An unknown device");
        assertThat(name("<script>alert(1)</script>")).isEqualTo("An unknown device");
        assertThat(name("SomeBot (Linux)")).isEqualTo("A browser on Linux");
    }

    private String name(String ua) {
        return DeviceNames.describe(ua, t);
    }
}
