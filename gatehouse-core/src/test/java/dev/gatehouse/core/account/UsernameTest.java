package dev.gatehouse.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTest {

    private static final String MATH_BOLD_A = "\uD835\uDC00"; // U+1D400, a letter outside the BMP

    @Test
    void a_plain_name_is_returned_as_given() {
        assertThat(Username.validate("alice")).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice.smith", "alice_smith", "alice-smith", "alice@example.org", "alice+work",
            "Zoë", "Åsa", "Ψυχή", "ユーザー", "user42"})
    void letters_digits_and_the_five_punctuation_marks_are_allowed(String name) {
        assertThat(Username.validate(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice smith", "alice/smith", "alice:smith", "alice<script>", "al\u200Dice", "alice\u0000",
            "alice😀", "alice#1", "alice\tsmith"})
    void any_other_character_is_refused_with_the_list_of_what_is_allowed(String name) {
        assertThatThrownBy(() -> Username.validate(name))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"))
                .hasMessage("a username may contain letters, digits and . _ - @ + only");
    }

    @Test
    void surrounding_whitespace_is_stripped() {
        assertThat(Username.validate("  alice\t\n")).isEqualTo("alice");
    }

    @Test
    void a_decomposed_accent_is_returned_composed() {
        assertThat(Username.validate("Zoe\u0308")).isEqualTo("Zo\u00EB");
    }

    @Test
    void a_missing_name_is_refused() {
        assertThatThrownBy(() -> Username.validate(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"))
                .hasMessage("a username is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void an_empty_or_blank_name_is_refused_with_its_length(String name) {
        assertThatThrownBy(() -> Username.validate(name))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"))
                .hasMessage("a username has 1 to 64 characters, this one has 0");
    }

    @Test
    void a_name_of_one_character_is_accepted() {
        assertThat(Username.validate("a")).isEqualTo("a");
    }

    @Test
    void a_name_of_sixty_four_characters_is_accepted() {
        String name = "a".repeat(64);
        assertThat(Username.validate(name)).isEqualTo(name);
    }

    @Test
    void a_name_of_sixty_five_characters_is_too_long() {
        assertThatThrownBy(() -> Username.validate("a".repeat(65)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"))
                .hasMessage("a username has 1 to 64 characters, this one has 65");
    }

    @Test
    void length_counts_code_points_not_chars() {
        String name = MATH_BOLD_A.repeat(64);
        assertThat(name).hasSize(128);

        assertThat(Username.validate(name)).isEqualTo(name);
        assertThatThrownBy(() -> Username.validate(MATH_BOLD_A.repeat(65)))
                .hasMessage("a username has 1 to 64 characters, this one has 65");
    }

    @Test
    void length_is_counted_after_composing_accents() {
        String decomposed = "e\u0301".repeat(64);

        assertThat(Username.validate(decomposed)).isEqualTo("\u00E9".repeat(64));
    }

    @Test
    void names_that_differ_only_in_case_have_the_same_key() {
        assertThat(Username.key("ALICE")).isEqualTo("alice");
        assertThat(Username.key("Alice")).isEqualTo("alice");
    }

    @Test
    void sharp_s_and_double_s_have_the_same_key() {
        assertThat(Username.key("Straße")).isEqualTo(Username.key("STRASSE")).isEqualTo("strasse");
    }

    @Test
    void fullwidth_letters_have_the_same_key_as_ascii_ones() {
        assertThat(Username.key("\uFF21lice")).isEqualTo("alice");
        assertThat(Username.key("\uFF41\uFF4C\uFF49\uFF43\uFF45")).isEqualTo("alice");
    }

    @Test
    void composed_and_decomposed_accents_have_the_same_key() {
        assertThat(Username.key("Zo\u00EB")).isEqualTo(Username.key("Zoe\u0308")).isEqualTo("zo\u00EB");
        assertThat(Username.key("\u00C9LODIE")).isEqualTo(Username.key("e\u0301lodie"));
    }

    @Test
    void the_key_ignores_surrounding_whitespace() {
        assertThat(Username.key("  Alice \n")).isEqualTo("alice");
    }

    @Test
    void different_names_have_different_keys() {
        assertThat(Username.key("alice")).isNotEqualTo(Username.key("alicf"));
        assertThat(Username.key("zoe")).isNotEqualTo(Username.key("zoë"));
    }

    @Test
    void the_key_of_anything_never_throws() {
        assertThat(Username.key(null)).isEmpty();
        assertThat(Username.key("")).isEmpty();
        assertThat(Username.key("not a valid name!")).isEqualTo("not a valid name!");
    }
}
