package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.SetCookie.SameSite;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookiesTest {

    /** The attributes of a Set-Cookie value in a comparable form: order carries no meaning. */
    private static List<String> attributes(String header) {
        return Arrays.stream(header.split("; ")).sorted().toList();
    }

    @Test
    void a_session_cookie_is_host_only_secure_httponly_with_its_lifetime_and_same_site() {
        String header = Cookies.header(Cookies.SESSION, "abc", "/", Duration.ofHours(12), SameSite.LAX);

        assertThat(header).startsWith("__Host-gatehouse=abc; ");
        assertThat(attributes(header)).containsExactlyInAnyOrder(
                "__Host-gatehouse=abc", "Path=/", "Max-Age=43200", "Secure", "HttpOnly", "SameSite=Lax");
    }

    @Test
    void the_refresh_cookie_is_limited_to_its_path_and_strict() {
        String header = Cookies.header(Cookies.REFRESH_TOKEN, "r", Cookies.REFRESH_PATH, Duration.ofMinutes(30),
                SameSite.STRICT);

        assertThat(attributes(header)).containsExactlyInAnyOrder(
                "__Secure-gatehouse-refresh=r", "Path=/v1/refresh", "Max-Age=1800", "Secure", "HttpOnly", "SameSite=Strict");
    }

    @Test
    void a_lifetime_under_a_second_deletes_the_cookie_with_max_age_zero() {
        assertThat(attributes(Cookies.header(Cookies.REFRESH_TOKEN, "", Cookies.REFRESH_PATH, Duration.ZERO, SameSite.LAX)))
                .containsExactlyInAnyOrder("__Secure-gatehouse-refresh=", "Path=/v1/refresh", "Max-Age=0", "Secure",
                        "HttpOnly", "SameSite=Lax");
        assertThat(Cookies.header(Cookies.ACCESS_TOKEN, "t", "/", Duration.ofMillis(400), SameSite.STRICT))
                .contains("; Max-Age=0").doesNotContain("Max-Age=0; Max-Age");
        assertThat(Cookies.header(Cookies.ACCESS_TOKEN, "t", "/", Duration.ofSeconds(-5), SameSite.STRICT))
                .contains("; Max-Age=0");
    }
}
