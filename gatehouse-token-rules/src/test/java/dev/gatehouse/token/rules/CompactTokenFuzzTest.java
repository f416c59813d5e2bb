package dev.gatehouse.token.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.verifier.TokenRejectedException;
import java.nio.charset.StandardCharsets;

/**
 * The whole rulebook on any string a client could send as a bearer token: it is accepted or
 * refused with a {@link TokenRejectedException}; any other exception is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/token/rules/CompactTokenFuzzTestInputs/}.
 */
class CompactTokenFuzzTest {

    private final AccessTokenRules<CheckedToken> rules = Fuzzing.rules();

    @FuzzTest(maxDuration = "6s")
    void any_string_is_accepted_or_refused_with_a_token_rejected_exception(byte[] input) {
        try {
            rules.verify(new String(input, StandardCharsets.UTF_8));
        } catch (TokenRejectedException refused) {
            // the documented refusals
        }
    }
}
