package dev.gatehouse.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void a_set_is_ten_distinct_codes_of_two_groups_of_five_unambiguous_characters() {
        List<String> codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allMatch(c -> c.matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}"));
    }

    @Test
    void codes_use_the_whole_alphabet_so_each_carries_fifty_bits() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            RecoveryCodes.generate().forEach(c -> c.replace("-", "").chars().forEach(ch -> seen.add((char) ch)));
        }

        assertThat(seen).hasSize(32).doesNotContain('i', 'l', 'o', 'u');
    }

    @Test
    void case_dashes_and_spaces_do_not_matter_and_look_alike_letters_read_as_digits() {
        String hash = RecoveryCodes.hash("acc-1", "a0b1c-2d3e4");

        assertThat(RecoveryCodes.hash("acc-1", "A0B1C-2D3E4")).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", "a0b1c2d3e4")).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", " a0b1c 2d3e4 ")).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", "aOb1c-2d3e4")).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", "a0bIc-2d3e4")).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", "a0bLc-2d3e4")).isEqualTo(hash);
    }

    @Test
    void the_stored_form_is_sha256_hex_bound_to_the_account() {
        String hash = RecoveryCodes.hash("acc-1", "a0b1c-2d3e4");

        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(RecoveryCodes.hash("acc-2", "a0b1c-2d3e4")).isNotEqualTo(hash);
        assertThat(RecoveryCodes.hash("acc-1", "a0b1c-2d3e5")).isNotEqualTo(hash);
    }

    @Test
    void text_that_cannot_be_a_code_has_no_stored_form() {
        for (String typed : new String[] {"", "a0b1c-2d3e", "a0b1c-2d3e45", "a0b1c-2d3eu", "a0b1c_2d3e4", "ä0b1c-2d3e4",
                null, "a".repeat(100_000)}) {
            assertThat(RecoveryCodes.hash("acc-1", typed)).as("%s", typed).isNull();
        }
    }

    @Test
    void generated_codes_hash_as_typed_back() {
        List<String> codes = RecoveryCodes.generate();

        assertThat(RecoveryCodes.hashes("acc-1", codes)).doesNotContainNull().doesNotHaveDuplicates()
                .containsExactlyElementsOf(codes.stream().map(c -> RecoveryCodes.hash("acc-1", c.toUpperCase())).toList());
    }
}
