package dev.gatehouse.core.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.oidc.AuthorizationRequest.Checked;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {

    private static final String REDIRECT = "https://app.example.com/cb";
    private static final Client APP = new Client("app", null, Set.of(), Instant.EPOCH, new ClientRegistration("App",
            ClientAuthMethod.NONE, List.of(REDIRECT), List.of(), Set.of(GrantType.AUTHORIZATION_CODE), Set.of("photos"),
            false, null, null, null, null, null));

    private static Map<String, String> good() {
        Map<String, String> p = new HashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "app");
        p.put("redirect_uri", REDIRECT);
        p.put("scope", "openid photos openid");
        p.put("state", "s");
        p.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        p.put("code_challenge_method", "S256");
        p.put("max_age", "300");
        p.put("prompt", "login consent");
        return p;
    }

    private static Checked check(Map<String, String> p, Set<String> repeated) {
        return AuthorizationRequest.check(p, repeated, id -> id.equals("app") ? Optional.of(APP) : Optional.empty());
    }

    @Test
    void a_good_request_is_valid_and_reads_back_as_the_same_parameters() {
        AuthorizationRequest r = ((Checked.Valid) check(good(), Set.of())).request();
        assertThat(r.scopes()).containsExactly("openid", "photos");
        assertThat(r.maxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.prompts()).containsExactlyInAnyOrder("login", "consent");
        Map<String, String> again = r.parameters();
        assertThat(((Checked.Valid) check(again, Set.of())).request()).isEqualTo(r);
        assertThat(r.afterSignIn().prompts()).containsExactly("consent");
    }

    @Test
    void an_untrusted_client_or_redirect_uri_is_never_answered_at_the_redirect_uri() {
        Map<String, String> p = good();
        p.put("client_id", "other");
        assertThat(check(p, Set.of())).isEqualTo(new Checked.Unanswerable(ErrorCode.UNKNOWN_CLIENT,
                "no registered client with this client_id"));
        p = good();
        p.put("redirect_uri", REDIRECT + "/");
        p.put("response_type", "token");
        assertThat(check(p, Set.of())).isInstanceOf(Checked.Unanswerable.class);
        assertThat(check(good(), Set.of("redirect_uri"))).isInstanceOf(Checked.Unanswerable.class);
    }

    @Test
    void the_first_fault_after_the_redirect_uri_goes_back_with_the_state() {
        assertThat(refusal("code_challenge_method", "plain")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("code_challenge", "short")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("response_type", "code id_token")).isEqualTo(AuthorizationError.UNSUPPORTED_RESPONSE_TYPE);
        assertThat(refusal("scope", "openid admin")).isEqualTo(AuthorizationError.INVALID_SCOPE);
        assertThat(refusal("scope", "offline_access")).as("no refresh grant").isEqualTo(AuthorizationError.INVALID_SCOPE);
        assertThat(refusal("scope", "bad\"scope")).isEqualTo(AuthorizationError.INVALID_SCOPE);
        assertThat(refusal("prompt", "none consent")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("prompt", "sometimes")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("max_age", "-1")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("response_mode", "fragment")).isEqualTo(AuthorizationError.INVALID_REQUEST);
        assertThat(refusal("request", "eyJ...")).isEqualTo(AuthorizationError.REQUEST_NOT_SUPPORTED);
        Checked repeated = check(good(), Set.of("scope"));
        assertThat(repeated).isEqualTo(new Checked.Refused(REDIRECT, "s", AuthorizationError.INVALID_REQUEST,
                "parameter 'scope' is repeated"));
    }

    private static AuthorizationError refusal(String name, String value) {
        Map<String, String> p = good();
        p.put(name, value);
        Checked.Refused refused = (Checked.Refused) check(p, Set.of());
        assertThat(refused.state()).isEqualTo("s");
        assertThat(refused.redirectUri()).isEqualTo(REDIRECT);
        return refused.error();
    }
}
