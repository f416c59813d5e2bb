package dev.gatehouse.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.BusyException;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.memory.InMemoryAttemptCounter;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryFactorStore;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SecondFactorsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T11:00:00Z");
    private static final Account ALICE = new Account("acc-alice", "alice", "alice", "$hash", Set.of(), false, T0);
    private static final Account ADMIN = new Account("acc-root", "root", "root", "$hash", Set.of(Account.ADMIN_ROLE),
            false, T0);

    private final MovableClock clock = new MovableClock(T0);
    private final InMemoryFactorStore store = new InMemoryFactorStore();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final Sealer sealer = new Sealer(Secrets.randomBytes(32));
    private final SecondFactors factors = new SecondFactors(store, sealer, new InMemoryAttemptCounter(), audit,
            MfaPolicy.ADMIN, "Gatehouse", clock);

    /** Enrols Alice's authenticator app and returns its secret, as her phone would hold it. */
    private byte[] enrol() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);
        byte[] secret = Base32.decode(enrolment.secret());
        factors.confirmTotp(ALICE, codeNow(secret));
        return secret;
    }

    private String codeNow(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    /** A well-formed code that matches no step of the window around now. */
    private String wrongCode(byte[] secret) {
        long step = Totp.step(clock.instant());
        List<String> window = List.of(Totp.code(secret, step - 1), Totp.code(secret, step), Totp.code(secret, step + 1));
        return List.of("000000", "111111", "222222", "333333").stream().filter(c -> !window.contains(c)).findFirst()
                .orElseThrow();
    }

    private List<AuditEvent> events(AuditType type) {
        return audit.search(AuditQuery.newest(100).types(Set.of(type)));
    }

    private static void assertCode(ThrowingCallable call, Class<? extends GatehouseException> type, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void an_enrolment_shows_the_secret_and_a_uri_and_is_pending_until_confirmed() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);

        assertThat(enrolment.secret()).matches("[A-Z2-7]{32}");
        assertThat(enrolment.uri()).isEqualTo("otpauth://totp/Gatehouse:alice?secret=" + enrolment.secret()
                + "&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30");
        assertThat(factors.summary(ALICE.id()).totp()).isFalse();
        assertThat(factors.atSignIn(ALICE).summary().hasSecondFactor()).isFalse();
        assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
    }

    @Test
    void the_secret_is_stored_sealed_to_its_account() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);
        byte[] sealed = store.findTotp(ALICE.id()).orElseThrow().sealedSecret();

        assertThat(sealer.open(sealed, "totp:" + ALICE.id())).isEqualTo(Base32.decode(enrolment.secret()));
        assertThatThrownBy(() -> sealer.open(sealed, "totp:acc-other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirming_enrols_the_app_gives_ten_recovery_codes_and_is_audited() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);

        List<String> codes = factors.confirmTotp(ALICE, codeNow(Base32.decode(enrolment.secret())));

        assertThat(codes).hasSize(10);
        FactorSummary summary = factors.summary(ALICE.id());
        assertThat(summary.totp()).isTrue();
        assertThat(summary.recoveryCodesLeft()).isEqualTo(10);
        assertThat(summary.usable()).containsExactlyInAnyOrder(FactorKind.TOTP, FactorKind.RECOVERY_CODE);
        assertThat(factors.atSignIn(ALICE).summary().hasSecondFactor()).isTrue();
        assertThat(events(AuditType.SECOND_FACTOR_ENROLLED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("totp"))
                .satisfies(e -> assertThat(e.accountId()).isEqualTo(ALICE.id()));
    }

    @Test
    void a_wrong_code_does_not_confirm_and_an_enrolment_can_start_again() {
        TotpEnrolment first = factors.startTotp(ALICE);

        assertCode(() -> factors.confirmTotp(ALICE, wrongCode(Base32.decode(first.secret()))),
                NotAuthenticatedException.class, ErrorCode.INVALID_CODE);
        assertCode(() -> factors.confirmTotp(ALICE, "not a code"), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);

        TotpEnrolment second = factors.startTotp(ALICE);
        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertCode(() -> factors.confirmTotp(ALICE, codeNow(Base32.decode(first.secret()))),
                NotAuthenticatedException.class, ErrorCode.INVALID_CODE);
        assertThat(factors.confirmTotp(ALICE, codeNow(Base32.decode(second.secret())))).hasSize(10);
    }

    @Test
    void confirming_without_a_pending_enrolment_is_refused() {
        assertCode(() -> factors.confirmTotp(ALICE, "123456"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
        byte[] secret = enrol();
        clock.advance(Duration.ofSeconds(30));
        assertCode(() -> factors.confirmTotp(ALICE, codeNow(secret)), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
    }

    @Test
    void a_confirmed_app_cannot_be_replaced_without_removing_it_first() {
        enrol();

        assertCode(() -> factors.startTotp(ALICE), ConflictException.class, ErrorCode.FACTOR_EXISTS);

        factors.removeTotp(ALICE);
        assertThat(factors.startTotp(ALICE).secret()).isNotBlank();
        assertThat(events(AuditType.SECOND_FACTOR_REMOVED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("totp"));
    }

    @Test
    void a_second_app_after_removal_keeps_the_unspent_recovery_codes() {
        enrol();
        factors.removeTotp(ALICE);
        TotpEnrolment again = factors.startTotp(ALICE);
        clock.advance(Duration.ofMinutes(1));

        assertThat(factors.confirmTotp(ALICE, codeNow(Base32.decode(again.secret())))).isEmpty();
        assertThat(factors.summary(ALICE.id()).recoveryCodesLeft()).isEqualTo(10);
    }

    @Test
    void a_code_verifies_once_and_its_replay_is_refused_and_audited() {
        byte[] secret = enrol();
        clock.advance(Duration.ofSeconds(30));
        String code = codeNow(secret);

        assertThat(factors.verify(ALICE, FactorKind.TOTP, code)).isEqualTo(AuthMethod.TOTP);
        assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, code), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);
        assertThat(events(AuditType.SECOND_FACTOR_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("totp"))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(code));
    }

    @Test
    void the_code_that_confirmed_the_app_does_not_sign_in() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);
        String code = codeNow(Base32.decode(enrolment.secret()));
        factors.confirmTotp(ALICE, code);

        assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, code), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);
    }

    @Test
    void once_a_later_code_was_used_an_earlier_one_still_in_the_window_is_refused() {
        byte[] secret = enrol();
        clock.advance(Duration.ofSeconds(60));
        String earlier = Totp.code(secret, Totp.step(clock.instant()) - 1);
        String current = codeNow(secret);

        assertThat(factors.verify(ALICE, FactorKind.TOTP, current)).isEqualTo(AuthMethod.TOTP);
        assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, earlier), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);
    }

    @Test
    void a_wrong_or_malformed_code_is_invalid_code_never_an_error() {
        byte[] secret = enrol();
        clock.advance(Duration.ofSeconds(30));

        for (String typed : new String[] {wrongCode(secret), "", "12345", "abcdef", "1234567", null}) {
            assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, typed), NotAuthenticatedException.class,
                    ErrorCode.INVALID_CODE);
        }
    }

    @Test
    void a_kind_the_account_lacks_is_factor_not_enrolled() {
        assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, "123456"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
        assertCode(() -> factors.verify(ALICE, FactorKind.RECOVERY_CODE, "abcde-fghjk"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
        assertCode(() -> factors.verify(ALICE, FactorKind.PASSKEY, "x"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
        factors.startTotp(ALICE);
        assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, "123456"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
    }

    @Test
    void a_recovery_code_signs_in_once_as_typed_from_paper_and_the_remainder_is_audited() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);
        List<String> codes = factors.confirmTotp(ALICE, codeNow(Base32.decode(enrolment.secret())));

        assertThat(factors.verify(ALICE, FactorKind.RECOVERY_CODE, codes.get(0).toUpperCase().replace("-", " ")))
                .isEqualTo(AuthMethod.RECOVERY_CODE);
        assertCode(() -> factors.verify(ALICE, FactorKind.RECOVERY_CODE, codes.get(0)), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);
        assertThat(factors.verify(ALICE, FactorKind.RECOVERY_CODE, codes.get(1))).isEqualTo(AuthMethod.RECOVERY_CODE);

        assertThat(factors.summary(ALICE.id()).recoveryCodesLeft()).isEqualTo(8);
        assertThat(events(AuditType.RECOVERY_CODE_USED)).extracting(AuditEvent::detail).containsExactly("8", "9");
        assertThat(events(AuditType.SECOND_FACTOR_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("recovery_code"));
    }

    @Test
    void ten_wrong_codes_in_fifteen_minutes_refuse_every_code_until_the_window_ends() {
        byte[] secret = enrol();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < SecondFactors.MAX_WRONG_CODES; i++) {
            assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, wrongCode(secret)),
                    NotAuthenticatedException.class, ErrorCode.INVALID_CODE);
            clock.advance(Duration.ofSeconds(10));
        }

        assertThatThrownBy(() -> factors.verify(ALICE, FactorKind.TOTP, codeNow(secret)))
                .isInstanceOfSatisfying(BusyException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
                    // the window opened 100 s ago, at the first wrong code
                    assertThat(e.retryAfter()).isEqualTo(SecondFactors.WRONG_CODE_WINDOW.minusSeconds(100));
                });
        assertCode(() -> factors.verify(ALICE, FactorKind.RECOVERY_CODE, "abcde-fghjk"), BusyException.class,
                ErrorCode.TOO_MANY_ATTEMPTS);
        assertThat(events(AuditType.SECOND_FACTOR_FAILED)).hasSize(SecondFactors.MAX_WRONG_CODES);

        clock.advance(SecondFactors.WRONG_CODE_WINDOW.minusSeconds(100));
        assertThat(factors.verify(ALICE, FactorKind.TOTP, codeNow(secret))).isEqualTo(AuthMethod.TOTP);
    }

    @Test
    void one_accounts_wrong_codes_do_not_throttle_another() {
        byte[] secret = enrol();
        for (int i = 0; i < SecondFactors.MAX_WRONG_CODES; i++) {
            assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, wrongCode(secret)),
                    NotAuthenticatedException.class, ErrorCode.INVALID_CODE);
        }

        assertCode(() -> factors.verify(ADMIN, FactorKind.TOTP, "123456"), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
    }

    @Test
    void regenerating_recovery_codes_replaces_the_old_ones_and_is_audited() {
        TotpEnrolment enrolment = factors.startTotp(ALICE);
        List<String> old = factors.confirmTotp(ALICE, codeNow(Base32.decode(enrolment.secret())));
        factors.verify(ALICE, FactorKind.RECOVERY_CODE, old.get(0));

        List<String> fresh = factors.regenerateRecoveryCodes(ALICE);

        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(factors.summary(ALICE.id()).recoveryCodesLeft()).isEqualTo(10);
        assertCode(() -> factors.verify(ALICE, FactorKind.RECOVERY_CODE, old.get(1)), NotAuthenticatedException.class,
                ErrorCode.INVALID_CODE);
        assertThat(factors.verify(ALICE, FactorKind.RECOVERY_CODE, fresh.get(0))).isEqualTo(AuthMethod.RECOVERY_CODE);
        assertThat(events(AuditType.RECOVERY_CODES_REGENERATED)).hasSize(1);
    }

    @Test
    void recovery_codes_are_not_issued_to_an_account_without_a_second_factor() {
        assertCode(() -> factors.regenerateRecoveryCodes(ALICE), InvalidInputException.class,
                ErrorCode.FACTOR_NOT_ENROLLED);
    }

    @Test
    void an_administrators_reset_removes_every_factor_counts_them_and_names_the_administrator() {
        enrol();
        store.addPasskey(new Passkey("cred-1", ALICE.id(), "Phone", new byte[] {1}, 0, false, true, true, "", T0, null));

        int removed = factors.reset(ALICE, Actor.admin(ADMIN));

        assertThat(removed).isEqualTo(3);
        FactorSummary summary = factors.summary(ALICE.id());
        assertThat(summary.hasSecondFactor()).isFalse();
        assertThat(summary.recoveryCodesLeft()).isZero();
        assertThat(events(AuditType.SECOND_FACTORS_RESET)).singleElement().satisfies(e -> {
            assertThat(e.detail()).isEqualTo("3");
            assertThat(e.accountId()).isEqualTo(ALICE.id());
            assertThat(e.actor()).contains(Actor.admin(ADMIN));
        });
    }

    @Test
    void a_reset_clears_the_wrong_code_count_so_the_new_app_works_at_once() {
        byte[] secret = enrol();
        for (int i = 0; i < SecondFactors.MAX_WRONG_CODES; i++) {
            assertCode(() -> factors.verify(ALICE, FactorKind.TOTP, wrongCode(secret)),
                    NotAuthenticatedException.class, ErrorCode.INVALID_CODE);
        }
        factors.reset(ALICE, Actor.COMMAND_LINE);

        byte[] fresh = enrol();
        clock.advance(Duration.ofSeconds(30));
        assertThat(factors.verify(ALICE, FactorKind.TOTP, codeNow(fresh))).isEqualTo(AuthMethod.TOTP);
    }

    @Test
    void removing_an_app_that_is_not_there_is_factor_not_enrolled() {
        assertCode(() -> factors.removeTotp(ALICE), InvalidInputException.class, ErrorCode.FACTOR_NOT_ENROLLED);
    }

    @Test
    void the_policy_decides_who_must_enrol_and_an_enrolled_account_need_not() {
        assertThat(factors.atSignIn(ALICE).mustEnrol()).isFalse();
        assertThat(factors.atSignIn(ADMIN).mustEnrol()).isTrue();

        TotpEnrolment enrolment = factors.startTotp(ADMIN);
        assertThat(factors.atSignIn(ADMIN).mustEnrol()).as("a pending app does not count").isTrue();
        factors.confirmTotp(ADMIN, codeNow(Base32.decode(enrolment.secret())));
        assertThat(factors.atSignIn(ADMIN).mustEnrol()).isFalse();
    }
}
