package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.mfa.FactorStore;
import dev.gatehouse.core.mfa.Passkey;
import dev.gatehouse.core.mfa.TotpFactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FactorStore} must do. A backend passes by extending this class and returning
 * fresh, empty stores from {@link #newStores()}. Factors belong to accounts, which SQL stores
 * reference by foreign key, so each test first creates its accounts in the same stores.
 */
public abstract class FactorStoreContract {

    private static final String ALICE = "acc-alice";
    private static final String BOB = "acc-bob";
    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final byte[] SEALED = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32, -1, -128, 0};

    private Stores stores;
    private FactorStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.factors();
        for (String id : List.of(ALICE, BOB)) {
            stores.accounts().create(new Account(id, id, id, "$hash", Set.of(), false, T0));
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running).
        if (stores != null) {
            stores.close();
        }
    }

    private static String hash(int n) {
        return String.format("%064x", n);
    }

    private static List<String> hashes(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(FactorStoreContract::hash).toList();
    }

    private static Passkey passkey(String credentialId, String accountId, int minutes) {
        return new Passkey(credentialId, accountId, "Key " + credentialId, new byte[] {(byte) 0xa5, 0, 1, (byte) 0xff},
                7, false, true, false, "internal,hybrid", T0.plus(Duration.ofMinutes(minutes)), null);
    }

    private void confirmedTotp(String accountId, long step) {
        store.putTotp(new TotpFactor(accountId, SEALED, T0, null, -1));
        assertThat(store.confirmTotp(accountId, step, T0.plusSeconds(20))).isTrue();
    }

    // TOTP

    @Test
    void a_stored_totp_secret_is_found_pending_with_every_field_intact() {
        store.putTotp(new TotpFactor(ALICE, SEALED, T0, null, -1));

        TotpFactor found = store.findTotp(ALICE).orElseThrow();
        assertThat(found.sealedSecret()).isEqualTo(SEALED);
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.isConfirmed()).isFalse();
        assertThat(found.lastStep()).isEqualTo(-1);
        assertThat(store.findTotp(BOB)).isEmpty();
    }

    @Test
    void confirming_a_pending_secret_spends_its_first_step_and_works_once() {
        store.putTotp(new TotpFactor(ALICE, SEALED, T0, null, -1));

        assertThat(store.confirmTotp(ALICE, 1000, T0.plusSeconds(20))).isTrue();
        assertThat(store.confirmTotp(ALICE, 1001, T0.plusSeconds(50))).isFalse();
        assertThat(store.confirmTotp(BOB, 1000, T0)).isFalse();

        TotpFactor found = store.findTotp(ALICE).orElseThrow();
        assertThat(found.confirmedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(found.lastStep()).isEqualTo(1000);
        assertThat(store.spendTotpStep(ALICE, 1000)).as("the confirming code is spent").isFalse();
    }

    @Test
    void a_later_step_spends_and_the_same_or_an_earlier_one_does_not() {
        confirmedTotp(ALICE, 1000);

        assertThat(store.spendTotpStep(ALICE, 1002)).isTrue();
        assertThat(store.spendTotpStep(ALICE, 1002)).isFalse();
        assertThat(store.spendTotpStep(ALICE, 1001)).isFalse();
        assertThat(store.spendTotpStep(ALICE, 1003)).isTrue();
        assertThat(store.findTotp(ALICE).orElseThrow().lastStep()).isEqualTo(1003);
    }

    @Test
    void a_pending_or_missing_secret_spends_no_step() {
        store.putTotp(new TotpFactor(ALICE, SEALED, T0, null, -1));

        assertThat(store.spendTotpStep(ALICE, 5000)).isFalse();
        assertThat(store.spendTotpStep(BOB, 5000)).isFalse();
    }

    @Test
    void a_new_pending_secret_replaces_a_pending_one_but_never_a_confirmed_one() {
        store.putTotp(new TotpFactor(ALICE, SEALED, T0, null, -1));
        byte[] other = {9, 9, 9};

        assertThat(store.putTotp(new TotpFactor(ALICE, other, T0.plusSeconds(60), null, -1))).isTrue();
        TotpFactor found = store.findTotp(ALICE).orElseThrow();
        assertThat(found.sealedSecret()).isEqualTo(other);
        assertThat(found.createdAt()).isEqualTo(T0.plusSeconds(60));

        assertThat(store.confirmTotp(ALICE, 1000, T0.plusSeconds(90))).isTrue();
        assertThat(store.putTotp(new TotpFactor(ALICE, SEALED, T0.plusSeconds(120), null, -1))).isFalse();
        found = store.findTotp(ALICE).orElseThrow();
        assertThat(found.sealedSecret()).isEqualTo(other);
        assertThat(found.isConfirmed()).isTrue();
        assertThat(found.lastStep()).isEqualTo(1000);
    }

    @Test
    void a_deleted_secret_is_gone_and_a_second_delete_finds_nothing() {
        confirmedTotp(ALICE, 1000);

        assertThat(store.deleteTotp(ALICE)).isTrue();
        assertThat(store.deleteTotp(ALICE)).isFalse();
        assertThat(store.findTotp(ALICE)).isEmpty();
    }

    @Test
    void of_many_racing_to_spend_one_step_exactly_one_wins() {
        confirmedTotp(ALICE, 1000);

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i -> () -> store.spendTotpStep(ALICE, 1001));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().filter(o -> o.result()).count()).isEqualTo(1);
        assertThat(store.findTotp(ALICE).orElseThrow().lastStep()).isEqualTo(1001);
    }

    @Test
    void of_many_racing_with_different_steps_the_last_step_kept_is_the_latest() {
        confirmedTotp(ALICE, 1000);

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i -> () -> store.spendTotpStep(ALICE, 1001 + i));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().filter(o -> o.result()).count()).isGreaterThanOrEqualTo(1);
        assertThat(store.findTotp(ALICE).orElseThrow().lastStep()).isEqualTo(1000 + Concurrently.THREADS);
    }

    // Recovery codes

    @Test
    void each_recovery_code_is_spent_once_and_the_count_goes_down() {
        store.replaceRecoveryCodes(ALICE, hashes(0, 10), T0);
        assertThat(store.recoveryCodesLeft(ALICE)).isEqualTo(10);

        assertThat(store.spendRecoveryCode(ALICE, hash(3), T0.plusSeconds(1))).isTrue();
        assertThat(store.spendRecoveryCode(ALICE, hash(3), T0.plusSeconds(2))).isFalse();
        assertThat(store.spendRecoveryCode(ALICE, hash(99), T0.plusSeconds(3))).isFalse();

        assertThat(store.recoveryCodesLeft(ALICE)).isEqualTo(9);
        assertThat(store.recoveryCodesLeft(BOB)).isZero();
    }

    @Test
    void one_accounts_recovery_code_does_not_spend_for_another() {
        store.replaceRecoveryCodes(ALICE, hashes(0, 10), T0);

        assertThat(store.spendRecoveryCode(BOB, hash(0), T0)).isFalse();
        assertThat(store.recoveryCodesLeft(ALICE)).isEqualTo(10);
    }

    @Test
    void replacing_recovery_codes_drops_the_old_set_spent_or_not() {
        store.replaceRecoveryCodes(ALICE, hashes(0, 10), T0);
        store.spendRecoveryCode(ALICE, hash(0), T0);

        store.replaceRecoveryCodes(ALICE, hashes(100, 10), T0.plusSeconds(60));

        assertThat(store.recoveryCodesLeft(ALICE)).isEqualTo(10);
        assertThat(store.spendRecoveryCode(ALICE, hash(1), T0.plusSeconds(61))).isFalse();
        assertThat(store.spendRecoveryCode(ALICE, hash(100), T0.plusSeconds(61))).isTrue();
    }

    @Test
    void of_many_racing_to_spend_one_recovery_code_exactly_one_wins() {
        store.replaceRecoveryCodes(ALICE, hashes(0, 10), T0);

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i -> () -> store.spendRecoveryCode(ALICE,
                hash(5), T0.plusMillis(i)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes.stream().filter(o -> o.result()).count()).isEqualTo(1);
        assertThat(store.recoveryCodesLeft(ALICE)).isEqualTo(9);
    }

    // Passkeys

    @Test
    void a_registered_passkey_is_found_with_every_field_intact() {
        Passkey key = new Passkey("cred-ÄbC_-1", ALICE, "Work laptop (Ünïcödé)", new byte[] {0, (byte) 0x80, 127, -1},
                Long.MAX_VALUE / 3, true, true, true, "usb,nfc", T0, T0.plusMillis(5));

        store.addPasskey(key);

        Passkey found = store.findPasskey("cred-ÄbC_-1").orElseThrow();
        assertThat(found.credentialId()).isEqualTo(key.credentialId());
        assertThat(found.accountId()).isEqualTo(ALICE);
        assertThat(found.name()).isEqualTo(key.name());
        assertThat(found.credentialData()).isEqualTo(key.credentialData());
        assertThat(found.signCount()).isEqualTo(key.signCount());
        assertThat(found.uvInitialized()).isTrue();
        assertThat(found.backupEligible()).isTrue();
        assertThat(found.backedUp()).isTrue();
        assertThat(found.transports()).isEqualTo("usb,nfc");
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.lastUsedAt()).isEqualTo(T0.plusMillis(5));
        assertThat(store.findPasskey("cred-abc_-1")).as("ids are case-sensitive").isEmpty();
    }

    @Test
    void a_passkey_without_transports_or_use_keeps_them_empty() {
        store.addPasskey(new Passkey("cred-1", ALICE, "Phone", new byte[] {1}, 0, false, false, false, null, T0, null));

        Passkey found = store.findPasskey("cred-1").orElseThrow();
        assertThat(found.transports()).isEmpty();
        assertThat(found.lastUsedAt()).isNull();
        assertThat(found.uvInitialized()).isFalse();
        assertThat(found.backupEligible()).isFalse();
    }

    @Test
    void a_credential_id_registered_to_any_account_is_refused_again() {
        store.addPasskey(passkey("cred-1", ALICE, 0));

        assertThatThrownBy(() -> store.addPasskey(passkey("cred-1", BOB, 1)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PASSKEY_EXISTS));
        assertThat(store.findPasskey("cred-1").orElseThrow().accountId()).isEqualTo(ALICE);
        assertThat(store.passkeys(BOB)).isEmpty();
    }

    @Test
    void of_many_racing_to_register_one_credential_exactly_one_wins() {
        List<Concurrently.Outcome<Void>> outcomes = Concurrently.run(i -> () -> {
            store.addPasskey(passkey("cred-race", i % 2 == 0 ? ALICE : BOB, i));
            return null;
        });

        assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded).count()).isEqualTo(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .allMatch(o -> o.failure() instanceof ConflictException c && c.errorCode() == ErrorCode.PASSKEY_EXISTS);
    }

    @Test
    void an_accounts_passkeys_are_listed_oldest_first_and_only_its_own() {
        store.addPasskey(passkey("cred-b", ALICE, 2));
        store.addPasskey(passkey("cred-a", ALICE, 1));
        store.addPasskey(passkey("cred-c", BOB, 0));
        store.addPasskey(passkey("cred-d", ALICE, 3));

        assertThat(store.passkeys(ALICE)).extracting(Passkey::credentialId).containsExactly("cred-a", "cred-b", "cred-d");
        assertThat(store.passkeys(BOB)).extracting(Passkey::credentialId).containsExactly("cred-c");
        assertThat(store.passkeys("acc-nobody")).isEmpty();
    }

    @Test
    void a_use_records_the_counter_backup_state_verification_and_time() {
        store.addPasskey(passkey("cred-1", ALICE, 0));

        assertThat(store.recordPasskeyUse("cred-1", 42, true, true, T0.plusSeconds(90))).isTrue();
        assertThat(store.recordPasskeyUse("cred-missing", 1, false, false, T0)).isFalse();

        Passkey found = store.findPasskey("cred-1").orElseThrow();
        assertThat(found.signCount()).isEqualTo(42);
        assertThat(found.backedUp()).isTrue();
        assertThat(found.uvInitialized()).isTrue();
        assertThat(found.backupEligible()).as("never changes").isTrue();
        assertThat(found.lastUsedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(found.name()).isEqualTo("Key cred-1");
    }

    @Test
    void an_account_renames_and_deletes_its_own_passkey() {
        store.addPasskey(passkey("cred-1", ALICE, 0));

        assertThat(store.renamePasskey(ALICE, "cred-1", "Yubikey")).isTrue();
        assertThat(store.findPasskey("cred-1").orElseThrow().name()).isEqualTo("Yubikey");
        assertThat(store.deletePasskey(ALICE, "cred-1")).isTrue();
        assertThat(store.findPasskey("cred-1")).isEmpty();
        assertThat(store.deletePasskey(ALICE, "cred-1")).isFalse();
        assertThat(store.renamePasskey(ALICE, "cred-1", "Again")).isFalse();
    }

    @Test
    void one_account_can_neither_rename_nor_delete_anothers_passkey() {
        store.addPasskey(passkey("cred-1", ALICE, 0));

        assertThat(store.renamePasskey(BOB, "cred-1", "Mine now")).isFalse();
        assertThat(store.deletePasskey(BOB, "cred-1")).isFalse();

        Passkey found = store.findPasskey("cred-1").orElseThrow();
        assertThat(found.name()).isEqualTo("Key cred-1");
        assertThat(found.accountId()).isEqualTo(ALICE);
    }

    // Everything

    @Test
    void deleting_all_counts_the_secret_the_set_of_codes_and_each_passkey_and_spares_other_accounts() {
        confirmedTotp(ALICE, 1000);
        store.replaceRecoveryCodes(ALICE, hashes(0, 10), T0);
        store.addPasskey(passkey("cred-1", ALICE, 0));
        store.addPasskey(passkey("cred-2", ALICE, 1));
        confirmedTotp(BOB, 1000);
        store.replaceRecoveryCodes(BOB, hashes(0, 10), T0);
        store.addPasskey(passkey("cred-3", BOB, 0));

        assertThat(store.deleteAll(ALICE)).isEqualTo(4);

        assertThat(store.findTotp(ALICE)).isEmpty();
        assertThat(store.recoveryCodesLeft(ALICE)).isZero();
        assertThat(store.passkeys(ALICE)).isEmpty();
        assertThat(store.findTotp(BOB)).isPresent();
        assertThat(store.recoveryCodesLeft(BOB)).isEqualTo(10);
        assertThat(store.passkeys(BOB)).hasSize(1);
        assertThat(store.deleteAll(ALICE)).isZero();
    }

    @Test
    void deleting_all_counts_a_set_of_codes_that_is_all_spent_as_one() {
        store.replaceRecoveryCodes(ALICE, hashes(0, 1), T0);
        store.spendRecoveryCode(ALICE, hash(0), T0);

        assertThat(store.deleteAll(ALICE)).isEqualTo(1);
    }
}
