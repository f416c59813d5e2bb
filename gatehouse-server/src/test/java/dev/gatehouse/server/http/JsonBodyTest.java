package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.server.signin.LoginEndpoint.LoginRequest;
import dev.gatehouse.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bodies the JSON reader once failed on instead of refusing them (found by {@link JsonBodyFuzzTest}). */
class JsonBodyTest {

    private static String refusal(byte[] body) {
        return catchThrowableOfType(InvalidInputException.class, () -> Json.parse(body, LoginRequest.class)).code();
    }

    @Test
    void a_body_that_starts_with_zero_bytes_is_malformed_json_not_a_failure() {
        byte[] json = "{\"username\":\"a\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[40 + json.length]; // zeros first: the parser guesses UTF-32
        System.arraycopy(json, 0, body, 40, json.length);
        assertThat(refusal(body)).isEqualTo("malformed_json");
    }

    @Test
    void a_body_that_is_the_literal_null_is_an_invalid_field_not_a_missing_request() {
        assertThat(refusal(" null ".getBytes(StandardCharsets.US_ASCII))).isEqualTo("invalid_field");
    }
}
