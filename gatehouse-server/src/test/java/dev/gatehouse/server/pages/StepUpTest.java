package dev.gatehouse.server.pages;

import dev.gatehouse.core.session.AuthenticationNeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.mfa.MfaPolicy;
import dev.gatehouse.core.mfa.SecondFactors;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.core.session.Authentications;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.server.AuthenticatorApp;
import dev.gatehouse.server.auth.Caller;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one decision every page's sensitive action asks: what the session must have proved, and whether it has. */
class StepUpTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration REAUTH = Duration.ofMinutes(10);

    private final MovableClock clock = new MovableClock(START);
    private final Stores stores = Stores.inMemory();
    private final Account admin = account("root", Set.of(Account.ADMIN_ROLE));
    private final Account user = account("alice", Set.of());

    private SecondFactors factors(MfaPolicy policy) {
        return new SecondFactors(stores.factors(), new Sealer(Secrets.randomBytes(32)), stores.attempts(), stores.audit(),
                policy, "Gatehouse", clock);
    }

    @Test
    void a_password_only_session_meets_a_recent_need_until_it_grows_old() {
        AuthenticationNeed recent = new AuthenticationNeed(false, REAUTH);
        Authentications password = Authentications.of(AuthMethod.PASSWORD, START);
        assertThat(recent.isMetBy(password, START.plus(REAUTH))).isTrue();
        assertThat(recent.isMetBy(password, START.plus(REAUTH).plusSeconds(1))).isFalse();
        assertThat(new AuthenticationNeed(true, null).isMetBy(password, START)).isFalse();
    }

    @Test
    void a_second_factor_meets_a_multi_factor_need_and_its_time_counts_as_the_latest_authentication() {
        AuthenticationNeed mfa = new AuthenticationNeed(true, REAUTH);
        Authentications both = Authentications.of(AuthMethod.PASSWORD, START).plus(AuthMethod.TOTP, START.plus(REAUTH));
        assertThat(mfa.isMetBy(both, START.plus(REAUTH).plus(REAUTH))).isTrue();
        assertThat(mfa.isMetBy(both, START.plus(REAUTH).plus(REAUTH).plusSeconds(1))).isFalse();
        assertThat(mfa.isMetBy(Authentications.of(AuthMethod.SYNCED_PASSKEY, START), START))
                .as("a user-verified passkey is two factors on its own").isTrue();
    }

    @Test
    void sensitive_actions_need_a_second_factor_when_the_account_has_one_or_the_policy_requires_one() {
        StepUp none = new StepUp(factors(MfaPolicy.NONE), REAUTH, clock);
        assertThat(none.forSensitiveAction(caller(admin, AuthMethod.PASSWORD))).isEqualTo(new AuthenticationNeed(false, REAUTH));

        StepUp adminPolicy = new StepUp(factors(MfaPolicy.ADMIN), REAUTH, clock);
        assertThat(adminPolicy.forSensitiveAction(caller(admin, AuthMethod.PASSWORD)).multiFactor()).isTrue();
        assertThat(adminPolicy.forSensitiveAction(caller(user, AuthMethod.PASSWORD)).multiFactor()).isFalse();

        SecondFactors userChoice = factors(MfaPolicy.NONE);
        var enrolment = userChoice.startTotp(user);
        userChoice.confirmTotp(user, new AuthenticatorApp(enrolment.secret()).code(clock.instant()));
        assertThat(new StepUp(userChoice, REAUTH, clock).forSensitiveAction(caller(user, AuthMethod.PASSWORD)).multiFactor())
                .isTrue();
    }

    @Test
    void a_session_that_falls_short_is_sent_to_the_step_up_page_with_what_it_needs() {
        assertThat(StepUp.location(new AuthenticationNeed(true, REAUTH), "/admin/accounts/a b"))
                .isEqualTo("/step-up?need=mfa&max_age=600&return_to=%2Fadmin%2Faccounts%2Fa+b");
        assertThat(StepUp.location(new AuthenticationNeed(false, null), "/account")).isEqualTo("/step-up?need=recent&return_to=%2Faccount");
    }

    private Caller caller(Account account, AuthMethod method) {
        Session session = new Session("s-" + account.id(), account.id(), "hash", "web", START, START,
                START.plus(Duration.ofHours(1)), START.plus(Duration.ofHours(8)), new Device("test", "127.0.0.1"), null,
                null, null, null, Authentications.of(method, START));
        return new Caller(account, session);
    }

    private static Account account(String name, Set<String> roles) {
        return new Account("id-" + name, name, name, "hash", roles, false, START);
    }
}
