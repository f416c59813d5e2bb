package dev.gatehouse.token.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The strict JSON reader on any text: it returns an object or refuses with
 * {@link Json.JsonException}; any other exception (or a hang) is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/token/rules/JsonFuzzTestInputs/}.
 */
class JsonFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void any_text_is_read_as_an_object_or_refused_with_a_json_exception(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Map<String, Object> object = Json.parseObject(text);
            assertThat(object).isNotNull();
        } catch (Json.JsonException refused) {
            // the one documented refusal
        }
    }
}
