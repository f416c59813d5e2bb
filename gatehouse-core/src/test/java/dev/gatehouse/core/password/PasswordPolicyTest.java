package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, two chars, one code point

    private static void assertWeak(String password, String username, String message) {
        assertThatThrownBy(() -> PasswordPolicy.check(password, username))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("weak_password"))
                .hasMessage(message);
    }

    @Test
    void a_password_of_eight_characters_is_accepted() {
        assertThatCode(() -> PasswordPolicy.check("tqbfjotl", "alice")).doesNotThrowAnyException();
    }

    @Test
    void a_password_of_seven_characters_is_too_short() {
        assertWeak("tqbfjot", "alice", "a password needs at least 8 characters, this one has 7");
    }

    @Test
    void a_missing_password_is_refused() {
        assertWeak(null, "alice", "a password is required");
    }

    @Test
    void length_counts_code_points_so_eight_emoji_are_enough() {
        String password = EMOJI.repeat(8);
        assertThat(password).hasSize(16);

        assertThatCode(() -> PasswordPolicy.check(password, "alice")).doesNotThrowAnyException();
    }

    @Test
    void seven_emoji_are_too_short_even_though_they_are_fourteen_chars() {
        assertWeak(EMOJI.repeat(7), "alice", "a password needs at least 8 characters, this one has 7");
    }

    @Test
    void a_password_of_two_hundred_fifty_six_characters_is_accepted() {
        assertThatCode(() -> PasswordPolicy.check("x".repeat(256), "alice")).doesNotThrowAnyException();
        assertThatCode(() -> PasswordPolicy.check(EMOJI.repeat(256), "alice")).doesNotThrowAnyException();
    }

    @Test
    void a_password_of_two_hundred_fifty_seven_characters_is_too_long() {
        assertWeak("x".repeat(257), "alice", "a password has at most 256 characters, this one has 257");
        assertWeak(EMOJI.repeat(257), "alice", "a password has at most 256 characters, this one has 257");
    }

    @Test
    void a_sixty_four_character_passphrase_is_accepted() {
        String passphrase = "correct horse battery staple and a quiet walk by the grey river!";
        assertThat(passphrase.codePointCount(0, passphrase.length())).isEqualTo(64);

        assertThatCode(() -> PasswordPolicy.check(passphrase, "alice")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lowercaseonly", "ALLUPPERCASE", "3141592653589", "no digits or symbols at all"})
    void there_are_no_composition_rules(String password) {
        assertThatCode(() -> PasswordPolicy.check(password, "alice")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "Password1", "pAsSwOrD123", "12345678", "iloveyou",
            "Qwertyuiop", "GATEHOUSE123"})
    void common_passwords_are_refused_whatever_their_case(String password) {
        assertWeak(password, "alice", "this password is among the most commonly used ones; choose another");
    }

    @Test
    void common_passwords_are_recognised_after_normalisation() {
        // fullwidth letters and a decomposed tilde normalise (NFKC) to list entries
        assertWeak("\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44", "alice",
                "this password is among the most commonly used ones; choose another");
        assertWeak("CONTRASEN\u0303A", "alice", "this password is among the most commonly used ones; choose another");
    }

    @Test
    void a_password_equal_to_the_username_is_refused() {
        assertWeak("alice-the-great", "alice-the-great", "a password must not be the username");
    }

    @Test
    void a_password_equal_to_the_username_in_another_case_is_refused() {
        assertWeak("ALICE-THE-GREAT", "Alice-The-Great", "a password must not be the username");
    }

    @Test
    void a_password_that_merely_contains_the_username_is_accepted() {
        assertThatCode(() -> PasswordPolicy.check("alice-the-great", "alice")).doesNotThrowAnyException();
    }

    @Test
    void without_a_username_only_the_other_rules_apply() {
        assertThatCode(() -> PasswordPolicy.check("alice-the-great", null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({
            "hunter2,         alice",
            "s3cr\u00E9t,         alice",
            "Password123,     alice",
            "alice-the-great, Alice-The-Great",
    })
    void no_refusal_message_contains_the_password(String password, String username) {
        assertThatThrownBy(() -> PasswordPolicy.check(password, username))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(password));
    }

    @Test
    void the_too_long_message_does_not_contain_the_password() {
        String password = "Tr0ub4dor&3".repeat(30);

        assertThatThrownBy(() -> PasswordPolicy.check(password, "alice"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Tr0ub4dor&3"));
    }

    @Test
    void normalisation_is_nfkc() {
        assertThat(PasswordPolicy.normalize("e\u0301")).isEqualTo("\u00E9");
        assertThat(PasswordPolicy.normalize("\uFF41")).isEqualTo("a");
        assertThat(PasswordPolicy.normalize("\uFB01")).isEqualTo("fi");
    }
}
