package dev.gatehouse.token.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The JWKS parser on any document: it returns a key set or refuses the whole document with a
 * {@link KeySet.KeySetException}; any other exception (or a hang) is a finding. A key it keeps is
 * named by a plain kid and is never also set aside as unusable. Seeds:
 * {@code src/test/resources/dev/gatehouse/token/rules/KeySetFuzzTestInputs/}.
 */
class KeySetFuzzTest {

    @FuzzTest(maxDuration = "6s")
    void any_document_is_read_as_a_key_set_or_refused_with_a_key_set_exception(byte[] input) {
        KeySet set;
        try {
            set = KeySet.parse(new String(input, StandardCharsets.UTF_8));
        } catch (KeySet.KeySetException refused) {
            return; // the one documented refusal
        }
        for (String kid : set.kids()) {
            assertThat(kid).matches(KeySet.KID);
            assertThat(set.unusableReason(kid)).isEmpty();
            assertThat(set.key(kid)).hasValueSatisfying(key -> assertThat(key.kid()).isEqualTo(kid));
        }
    }
}
