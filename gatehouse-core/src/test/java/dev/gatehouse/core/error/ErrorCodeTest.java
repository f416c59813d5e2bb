package dev.gatehouse.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void the_errors_doc_lists_every_code_exactly_as_the_catalogue_declares_it() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "errors.md"));
        assertThat(doc).contains(ErrorCodesDoc.codes()).contains(ErrorCodesDoc.oauthErrors());
    }

    @Test
    void every_code_is_snake_case_and_declared_once() {
        assertThat(ErrorCode.values()).allSatisfy(c -> assertThat(c.code()).matches("[a-z]+(_[a-z]+)*"));
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(OAuthErrorCode.values()).map(OAuthErrorCode::error)).doesNotHaveDuplicates();
    }

    @Test
    void an_exception_carries_the_code_and_the_status_the_catalogue_gives_it() {
        GatehouseException e = new InvalidInputException(ErrorCode.PAYLOAD_TOO_LARGE, "too large");

        assertThat(e.code()).isEqualTo("payload_too_large");
        assertThat(e.errorCode().status()).isEqualTo(413);
        assertThat(new BusyException(ErrorCode.TOO_MANY_ATTEMPTS, "slow down", Duration.ofSeconds(3))
                .errorCode().status()).isEqualTo(429);
    }

    @Test
    void an_exception_refuses_a_code_whose_status_is_not_of_its_category() {
        assertThatThrownBy(() -> new NotAuthenticatedException(ErrorCode.CSRF_REJECTED, "no"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status 403");
        assertThatThrownBy(() -> new InvalidInputException(ErrorCode.TOO_MANY_ATTEMPTS, "no"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusyException(ErrorCode.INTERNAL_ERROR, "no", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_the_oauth_codes_name_an_oauth_error_and_the_rest_are_answered_as_invalid_request() {
        assertThat(ErrorCode.INVALID_CLIENT.oauthError()).contains(OAuthErrorCode.INVALID_CLIENT);
        assertThat(ErrorCode.INVALID_GRANT.oauthError()).contains(OAuthErrorCode.INVALID_GRANT);
        assertThat(ErrorCode.INVALID_SCOPE.oauthError()).contains(OAuthErrorCode.INVALID_SCOPE);
        assertThat(ErrorCode.MISSING_BODY.oauthError()).isEmpty();
        assertThat(OAuthErrorCode.INVALID_CLIENT.status()).isEqualTo(401);
        assertThat(OAuthErrorCode.INVALID_GRANT.status()).isEqualTo(400);
    }
}
