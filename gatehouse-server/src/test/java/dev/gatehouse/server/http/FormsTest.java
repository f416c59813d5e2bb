package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormsTest {

    @Test
    void plain_values_are_taken_as_they_are_and_escaped_ones_are_decoded() {
        Map<String, String> fields = Forms.parse("token=eyJh.eyJz.c2ln-_&hint=access%5Ftoken&note=a+b%20c&empty=&bare");

        assertThat(fields).containsExactlyInAnyOrderEntriesOf(Map.of(
                "token", "eyJh.eyJz.c2ln-_", "hint", "access_token", "note", "a b c", "empty", "", "bare", ""));
    }

    @Test
    void utf8_escapes_decode_to_characters() {
        assertThat(Forms.parse("name=%C3%A9l%C3%A8ve")).containsEntry("name", "élève");
    }

    @Test
    void a_broken_escape_is_a_malformed_form() {
        assertThatThrownBy(() -> Forms.parse("token=abc%zz"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("malformed_form"));
    }

    @Test
    void a_repeated_field_is_refused_even_when_spelled_differently() {
        assertThatThrownBy(() -> Forms.parse("token=a&%74oken=b"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("duplicate_parameter"));
    }
}
