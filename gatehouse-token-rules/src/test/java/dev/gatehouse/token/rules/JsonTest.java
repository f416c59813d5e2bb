package dev.gatehouse.token.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict reader that every header, claims set, key set and feed entry goes through. */
class JsonTest {

    @Test
    void an_object_reads_with_exact_numbers_in_order() throws Exception {
        var doc = Json.parseObject("{\"b\":1.50,\"a\":[true,null,\"x\\u00e9\"],\"c\":{}}");
        assertThat(doc.keySet()).containsExactly("b", "a", "c");
        assertThat(doc.get("b")).isEqualTo(new BigDecimal("1.50"));
        assertThat(doc.get("a")).isEqualTo(java.util.Arrays.asList(true, null, "x\u00e9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":\"\\ud800\"}", "[1]", "{a:1}", "{\"a\":01}",
            "{\"a\":1,}", "{\"a\":'x'}", ""})
    void anything_not_strict_json_is_refused(String text) {
        assertThatThrownBy(() -> Json.parseObject(text)).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused() {
        String deep = "{\"a\":" + "[".repeat(Json.MAX_DEPTH + 1) + "1" + "]".repeat(Json.MAX_DEPTH + 1) + "}";
        assertThatThrownBy(() -> Json.parseObject(deep)).isInstanceOf(Json.JsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"exp\":1E5000000000}", "{\"exp\":1e-2147483649}"})
    void a_number_whose_exponent_is_beyond_range_is_refused_as_json_not_thrown_as_something_else(String text) {
        assertThatThrownBy(() -> Json.parseObject(text)).isInstanceOf(Json.JsonException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void a_unicode_escape_is_exactly_four_hex_digits_without_a_sign() throws Exception {
        assertThat(Json.parseObject("{\"a\":\"\\u0041\\u00e9\"}")).containsEntry("a", "A\u00e9");
        for (String escape : new String[] {"\\u+041", "\\u-001", "\\u 041", "\\u004g", "\\u\uff10041"}) {
            assertThatThrownBy(() -> Json.parseObject("{\"a\":\"" + escape + "\"}")).as(escape)
                    .isInstanceOf(Json.JsonException.class);
        }
    }
}
