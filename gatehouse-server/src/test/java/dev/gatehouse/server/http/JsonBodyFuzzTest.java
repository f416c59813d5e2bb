package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.server.account.PasswordEndpoint.PasswordChange;
import dev.gatehouse.server.admin.AdminEndpoints.CreateAccount;
import dev.gatehouse.server.signin.LoginEndpoint.LoginRequest;
import dev.gatehouse.server.signin.RefreshEndpoint.RefreshRequest;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON request-body reader on any bytes, as the body of every endpoint that takes JSON (the
 * first byte picks which): it returns the request, never null, or refuses the body with an
 * {@link InvalidInputException} ({@code missing_body}, {@code malformed_json}, {@code unknown_field},
 * {@code invalid_field}); any other exception would be a 500 and is a finding. Seeds:
 * {@code src/test/resources/dev/gatehouse/server/http/JsonBodyFuzzTestInputs/}.
 */
class JsonBodyFuzzTest {

    private static final List<Class<?>> BODIES = List.of(LoginRequest.class, RefreshRequest.class,
            PasswordChange.class, CreateAccount.class);

    @FuzzTest(maxDuration = "6s")
    void any_body_is_read_as_the_request_or_refused_as_invalid_input(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Class<?> type = BODIES.get(Byte.toUnsignedInt(input[0]) % BODIES.size());
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        try {
            assertThat(Json.parse(body, type)).isInstanceOf(type);
        } catch (InvalidInputException refused) {
            // the documented refusals
        }
    }
}
