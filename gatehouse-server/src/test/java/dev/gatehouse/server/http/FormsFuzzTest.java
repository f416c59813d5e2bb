package dev.gatehouse.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * The form reader on any body: fields come back or the body is refused with an
 * {@link InvalidInputException} ({@code malformed_form}, {@code duplicate_parameter}); any other
 * exception is a finding. Seeds: {@code src/test/resources/dev/gatehouse/server/http/FormsFuzzTestInputs/}.
 */
class FormsFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void any_body_is_read_as_fields_or_refused_as_invalid_input(byte[] body) {
        try {
            Forms.parse(new String(body, StandardCharsets.UTF_8));
        } catch (InvalidInputException refused) {
            // the documented refusals
        }
    }
}
