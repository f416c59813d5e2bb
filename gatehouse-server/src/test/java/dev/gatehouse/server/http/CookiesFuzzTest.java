package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Cookie parsing on any {@code Cookie} headers (one per input line): it never throws, and a value
 * it finds never spans two cookies. Seeds: {@code src/test/resources/dev/gatehouse/server/http/CookiesFuzzTestInputs/}.
 */
class CookiesFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void any_cookie_headers_give_at_most_one_value_without_throwing(byte[] input) {
        List<String> headers = List.of(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        for (String name : List.of(Cookies.SESSION, Cookies.ACCESS_TOKEN, Cookies.REFRESH_TOKEN, Cookies.FORM_NONCE)) {
            Optional<String> value = Cookies.find(headers, name);
            value.ifPresent(v -> assertThat(v).doesNotContain(";"));
        }
    }
}
