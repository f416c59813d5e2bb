package dev.gatehouse.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The helper a resource server uses to demand a second factor or a recent sign-in (RFC 9470). */
class AuthenticationRequirementTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static VerifiedToken token(List<String> amr, Instant authTime, String acr) {
        return new VerifiedToken("https://gh.test", "acct-1", List.of("api"), "sid-1", "web", "jti-1",
                Set.of("read"), NOW.minusSeconds(30), NOW.plusSeconds(570), "k1", amr, authTime, acr);
    }

    static final VerifiedToken PASSWORD = token(List.of("pwd"), NOW.minusSeconds(912), "1");
    static final VerifiedToken TWO_FACTORS = token(List.of("pwd", "otp", "mfa"), NOW.minusSeconds(60), "2");

    @Test
    void a_token_with_mfa_in_its_amr_meets_a_demand_for_a_second_factor() {
        AuthenticationRequirement.multiFactor().check(TWO_FACTORS, CLOCK);

        assertThat(TWO_FACTORS.isMultiFactor()).isTrue();
        assertThat(AuthenticationRequirement.multiFactor().isMetBy(TWO_FACTORS, CLOCK)).isTrue();
    }

    @Test
    void a_password_only_token_is_refused_with_a_challenge_asking_for_acr_2() {
        assertThatThrownBy(() -> AuthenticationRequirement.multiFactor().check(PASSWORD, CLOCK))
                .isInstanceOfSatisfying(InsufficientAuthenticationException.class, e -> {
                    assertThat(e).hasMessage("a second factor is required, the token's amr is [pwd]");
                    assertThat(e.code()).isEqualTo("insufficient_user_authentication");
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.challenge()).isEqualTo("Bearer error=\"insufficient_user_authentication\","
                            + " error_description=\"a second factor is required, the token's amr is [pwd]\","
                            + " acr_values=\"2\"");
                    assertThat(e).isInstanceOf(TokenRejectedException.class);
                });
        assertThat(PASSWORD.isMultiFactor()).isFalse();
    }

    @Test
    void an_old_sign_in_is_refused_with_the_numbers_and_the_max_age_to_ask_for() {
        assertThatThrownBy(() -> AuthenticationRequirement.maxAge(Duration.ofSeconds(300)).check(PASSWORD, CLOCK))
                .isInstanceOfSatisfying(InsufficientAuthenticationException.class, e -> {
                    assertThat(e).hasMessage("authenticated 912 s ago, at most 300 s allowed");
                    assertThat(e.challenge()).isEqualTo("Bearer error=\"insufficient_user_authentication\","
                            + " error_description=\"authenticated 912 s ago, at most 300 s allowed\", max_age=300");
                    assertThat(e.challenge("orders")).startsWith("Bearer realm=\"orders\", error=");
                });
    }

    @Test
    void a_sign_in_exactly_max_age_ago_is_still_recent_enough() {
        AuthenticationRequirement.maxAge(Duration.ofSeconds(912)).check(PASSWORD, CLOCK);
        assertThat(AuthenticationRequirement.maxAge(Duration.ofSeconds(911)).isMetBy(PASSWORD, CLOCK)).isFalse();
    }

    @Test
    void both_demands_together_are_each_checked_and_the_challenge_names_both() {
        AuthenticationRequirement both = AuthenticationRequirement.multiFactor().withMaxAge(Duration.ofMinutes(5));

        both.check(TWO_FACTORS, CLOCK);
        VerifiedToken oldTwoFactors = token(List.of("pwd", "otp", "mfa"), NOW.minusSeconds(400), "2");
        assertThatThrownBy(() -> both.check(oldTwoFactors, CLOCK))
                .isInstanceOfSatisfying(InsufficientAuthenticationException.class, e -> {
                    assertThat(e).hasMessage("authenticated 400 s ago, at most 300 s allowed");
                    assertThat(e.challenge()).endsWith(", acr_values=\"2\", max_age=300");
                });
        assertThat(both).isEqualTo(AuthenticationRequirement.maxAge(Duration.ofSeconds(300)).withMultiFactor());
    }

    @Test
    void a_token_that_does_not_say_how_it_was_proved_meets_no_demand() {
        VerifiedToken silent = new VerifiedToken("https://gh.test", "acct-1", List.of("api"), "sid-1", "web", "j",
                Set.of(), NOW, NOW.plusSeconds(600), "k1");

        assertThat(silent.amr()).isEmpty();
        assertThat(silent.authTime()).isNull();
        assertThat(silent.isMultiFactor()).isFalse();
        assertThatThrownBy(() -> AuthenticationRequirement.multiFactor().check(silent, CLOCK))
                .hasMessage("a second factor is required, the token's amr is absent");
        assertThatThrownBy(() -> AuthenticationRequirement.maxAge(Duration.ofHours(1)).check(silent, CLOCK))
                .hasMessage("an authentication at most 3600 s ago is required, the token does not say when (no auth_time)");
        AuthenticationRequirement.none().check(silent, CLOCK);
    }

    @Test
    void amr_values_that_are_not_short_plain_names_are_not_echoed_into_the_challenge() {
        VerifiedToken odd = token(List.of("pwd", "x\"y\r\nz"), NOW, "1");

        assertThatThrownBy(() -> AuthenticationRequirement.multiFactor().check(odd, CLOCK))
                .isInstanceOfSatisfying(InsufficientAuthenticationException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("\"").doesNotContain("\r");
                    assertThat(e.challenge()).doesNotContain("\r").doesNotContain("\n");
                });
    }

    @Test
    void a_max_age_must_be_whole_seconds_and_not_negative() {
        assertThatThrownBy(() -> AuthenticationRequirement.maxAge(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> AuthenticationRequirement.maxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthenticationRequirement.maxAge(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_requirement_is_immutable_each_with_method_gives_a_new_one() {
        AuthenticationRequirement mfa = AuthenticationRequirement.multiFactor();
        AuthenticationRequirement both = mfa.withMaxAge(Duration.ofSeconds(60));

        assertThat(mfa.maxAge()).isNull();
        assertThat(both.maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(both.requiresMultiFactor()).isTrue();
        assertThat(both).hasToString("AuthenticationRequirement[multiFactor=true, maxAge=60 s]");
    }

    @Test
    void a_verified_token_prints_no_claim_beyond_subject_session_and_expiry() {
        assertThat(TWO_FACTORS.toString()).doesNotContain("otp").doesNotContain("jti-1");
    }
}
