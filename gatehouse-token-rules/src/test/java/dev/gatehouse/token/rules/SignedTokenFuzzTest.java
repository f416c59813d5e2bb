package dev.gatehouse.token.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.verifier.TokenRejectedException;
import java.util.Arrays;

/**
 * Header and claims past the signature: the input is a header and a payload separated by the
 * first newline, each taken as it is (any bytes), signed with the published key, then verified.
 * Whatever the fuzzer writes, the token is accepted or refused with a
 * {@link TokenRejectedException}; any other exception is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/token/rules/SignedTokenFuzzTestInputs/}.
 */
class SignedTokenFuzzTest {

    private final AccessTokenRules<CheckedToken> rules = Fuzzing.rules();

    @FuzzTest(maxDuration = "6s")
    void any_signed_header_and_claims_are_accepted_or_refused_with_a_token_rejected_exception(byte[] input) {
        int newline = 0;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        byte[] header = Arrays.copyOfRange(input, 0, newline);
        byte[] payload = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        try {
            rules.verify(Fuzzing.signed(header, payload));
        } catch (TokenRejectedException refused) {
            // the documented refusals
        }
    }
}
