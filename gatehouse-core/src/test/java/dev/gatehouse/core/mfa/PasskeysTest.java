package dev.gatehouse.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.crypto.Sealer;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.core.memory.InMemoryAccountStore;
import dev.gatehouse.core.memory.InMemoryAttemptCounter;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryFactorStore;
import dev.gatehouse.core.session.AuthMethod;
import dev.gatehouse.testsupport.MovableClock;
import dev.gatehouse.testsupport.SoftAuthenticator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PasskeysTest {

    private static final String IP = "192.0.2.1";

    static final String RP_ID = "gatehouse.test";
    static final String ORIGIN = "https://gatehouse.test";

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryFactorStore store = new InMemoryFactorStore();
    final InMemoryAccountStore accountStore = new InMemoryAccountStore();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final Sealer sealer = new Sealer(Secrets.randomBytes(32));
    final Passkeys passkeys = new Passkeys(store, accountStore, sealer, new InMemoryAttemptCounter(), audit,
            new WebAuthnRelyingParty(RP_ID, "Gatehouse", List.of(ORIGIN)), clock);
    final Account alice = account("alice");

    Account account(String name) {
        Account a = new Account("acc-" + Secrets.randomToken(9), name, name, "$argon2id$x", Set.of(), false, clock.instant());
        accountStore.create(a);
        return a;
    }

    static String challenge(PasskeyCeremony c) {
        return (String) c.publicKey().get("challenge");
    }

    @SuppressWarnings("unchecked")
    static String userId(PasskeyCeremony c) {
        return (String) ((Map<String, Object>) c.publicKey().get("user")).get("id");
    }

    SoftAuthenticator registered(Account account, String name) {
        SoftAuthenticator authenticator = new SoftAuthenticator(RP_ID, ORIGIN);
        PasskeyCeremony c = passkeys.registrationOptions(account);
        passkeys.register(account, c.state(), authenticator.register(challenge(c), userId(c)), name, "192.0.2.1");
        return authenticator;
    }

    List<AuditEvent> events(AuditType type) {
        return audit.search(AuditQuery.newest(100).types(Set.of(type)));
    }

    static void refused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatehouseException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void registration_options_ask_for_a_user_verified_discoverable_credential_without_attestation() {
        registered(alice, "Laptop");
        PasskeyCeremony c = passkeys.registrationOptions(alice);
        Map<String, Object> o = c.publicKey();
        assertThat(o).containsEntry("attestation", "none").containsEntry("rp", Map.of("id", RP_ID, "name", "Gatehouse"));
        assertThat(o.get("authenticatorSelection").toString()).contains("residentKey=required", "userVerification=required");
        assertThat(o.get("pubKeyCredParams").toString()).contains("-7", "-8", "-257");
        assertThat(o.get("excludeCredentials").toString()).contains(store.passkeys(alice.id()).getFirst().credentialId());
        assertThat(java.util.Base64.getUrlDecoder().decode(challenge(c))).hasSize(32);
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(userId(c)))).isEqualTo(alice.id());
    }

    @Test
    void a_registered_passkey_is_stored_with_its_name_and_flags_and_audited() {
        SoftAuthenticator authenticator = registered(alice, "  Work laptop ");
        Passkey p = store.passkeys(alice.id()).getFirst();
        assertThat(p.credentialId()).isEqualTo(authenticator.credentialId());
        assertThat(p.name()).isEqualTo("Work laptop");
        assertThat(p.uvInitialized()).isTrue();
        assertThat(p.backupEligible()).isFalse();
        assertThat(p.transports()).isEqualTo("internal");
        assertThat(events(AuditType.SECOND_FACTOR_ENROLLED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("passkey Work laptop"));
    }

    @Test
    void a_passkey_signs_in_without_a_password_and_its_counter_advances() {
        SoftAuthenticator authenticator = registered(alice, null);
        PasskeyCeremony c = passkeys.signInOptions();
        assertThat(c.publicKey().get("allowCredentials")).isEqualTo(List.of());
        PasskeySignIn signIn = passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null);
        assertThat(signIn.account().id()).isEqualTo(alice.id());
        assertThat(signIn.method()).isEqualTo(AuthMethod.DEVICE_PASSKEY);
        Passkey p = store.passkeys(alice.id()).getFirst();
        assertThat(p.name()).isEqualTo(Passkeys.DEFAULT_NAME);
        assertThat(p.signCount()).isEqualTo(1);
        assertThat(p.lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_backup_eligible_passkey_proves_a_synced_passkey() {
        SoftAuthenticator authenticator = new SoftAuthenticator(RP_ID, ORIGIN).backupEligible(true);
        PasskeyCeremony r = passkeys.registrationOptions(alice);
        passkeys.register(alice, r.state(), authenticator.register(challenge(r), userId(r)), "Phone", null);
        PasskeyCeremony c = passkeys.authenticationOptions(alice);
        assertThat(c.publicKey().get("allowCredentials").toString()).contains(authenticator.credentialId());
        assertThat(passkeys.verifyForAccount(alice, c.state(), authenticator.authenticate(challenge(c)), IP))
                .isEqualTo(AuthMethod.SYNCED_PASSKEY);
    }

    @Test
    void a_state_is_single_use_expires_and_cannot_be_altered() {
        SoftAuthenticator authenticator = registered(alice, null);
        PasskeyCeremony c = passkeys.signInOptions();
        passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null);
        refused(() -> passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null), ErrorCode.INVALID_CHALLENGE);

        PasskeyCeremony late = passkeys.signInOptions();
        clock.advance(Passkeys.CEREMONY_TTL);
        refused(() -> passkeys.signIn(late.state(), authenticator.authenticate(challenge(late)), null), ErrorCode.INVALID_CHALLENGE);

        PasskeyCeremony fresh = passkeys.signInOptions();
        String altered = fresh.state().substring(0, 20) + (fresh.state().charAt(20) == 'A' ? 'B' : 'A') + fresh.state().substring(21);
        refused(() -> passkeys.signIn(altered, authenticator.authenticate(challenge(fresh)), null), ErrorCode.INVALID_CHALLENGE);
        refused(() -> passkeys.signIn("not a state", authenticator.authenticate(challenge(fresh)), null), ErrorCode.INVALID_CHALLENGE);
    }

    @Test
    void a_state_of_another_account_or_ceremony_is_refused_and_an_account_without_passkeys_gets_no_options() {
        Account bob = account("bob");
        SoftAuthenticator authenticator = registered(alice, null);
        refused(() -> passkeys.authenticationOptions(bob), ErrorCode.FACTOR_NOT_ENROLLED);
        registered(bob, null);
        PasskeyCeremony bobs = passkeys.authenticationOptions(bob);
        refused(() -> passkeys.verifyForAccount(alice, bobs.state(), authenticator.authenticate(challenge(bobs)), IP),
                ErrorCode.INVALID_CHALLENGE);
        PasskeyCeremony registration = passkeys.registrationOptions(alice);
        refused(() -> passkeys.signIn(registration.state(), authenticator.authenticate(challenge(registration)), null),
                ErrorCode.INVALID_CHALLENGE);
        PasskeyCeremony alices = passkeys.authenticationOptions(alice);
        refused(() -> passkeys.verifyForAccount(bob, alices.state(), authenticator.authenticate(challenge(alices)), IP),
                ErrorCode.INVALID_CHALLENGE);
    }

    @Test
    void malformed_answers_are_bad_input_and_change_nothing() {
        PasskeyCeremony c = passkeys.registrationOptions(alice);
        for (String bad : List.of("", "{}", "[]", "{\"id\":5}", "{\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"!!\"}}")) {
            refused(() -> passkeys.register(alice, c.state(), bad, null, null), ErrorCode.INVALID_PASSKEY_RESPONSE);
        }
        assertThat(store.passkeys(alice.id())).isEmpty();
        PasskeyCeremony s = passkeys.signInOptions();
        refused(() -> passkeys.signIn(s.state(), "{\"id\":\"x\"}", null), ErrorCode.INVALID_PASSKEY_RESPONSE);
    }

    @Test
    void a_wrong_origin_rp_id_or_missing_user_verification_is_refused() {
        PasskeyCeremony c1 = passkeys.registrationOptions(alice);
        refused(() -> passkeys.register(alice, c1.state(), new SoftAuthenticator(RP_ID, "https://evil.example")
                .register(challenge(c1), userId(c1)), null, null), ErrorCode.PASSKEY_REFUSED);
        PasskeyCeremony c2 = passkeys.registrationOptions(alice);
        refused(() -> passkeys.register(alice, c2.state(), new SoftAuthenticator("evil.example", ORIGIN)
                .register(challenge(c2), userId(c2)), null, null), ErrorCode.PASSKEY_REFUSED);
        PasskeyCeremony c3 = passkeys.registrationOptions(alice);
        refused(() -> passkeys.register(alice, c3.state(), new SoftAuthenticator(RP_ID, ORIGIN).userVerified(false)
                .register(challenge(c3), userId(c3)), null, null), ErrorCode.PASSKEY_REFUSED);
        assertThat(store.passkeys(alice.id())).isEmpty();

        SoftAuthenticator authenticator = registered(alice, null);
        PasskeyCeremony s1 = passkeys.signInOptions();
        refused(() -> passkeys.signIn(s1.state(), authenticator.userVerified(false).authenticate(challenge(s1)), null),
                ErrorCode.PASSKEY_REFUSED);
        PasskeyCeremony s2 = passkeys.signInOptions();
        refused(() -> passkeys.signIn(s2.state(), authenticator.userVerified(true).rpId("evil.example")
                .authenticate(challenge(s2)), null), ErrorCode.PASSKEY_REFUSED);
        PasskeyCeremony s3 = passkeys.signInOptions();
        refused(() -> passkeys.signIn(s3.state(), new SoftAuthenticator(RP_ID, ORIGIN).authenticate(challenge(s3)), null),
                ErrorCode.PASSKEY_REFUSED);
        assertThat(store.passkeys(alice.id()).getFirst().lastUsedAt()).isNull();
    }

    @Test
    void a_user_handle_of_another_account_is_refused() {
        SoftAuthenticator authenticator = registered(alice, null);
        authenticator.userHandle("acc-someone-else".getBytes());
        PasskeyCeremony c = passkeys.signInOptions();
        refused(() -> passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null), ErrorCode.PASSKEY_REFUSED);
    }

    @Test
    void a_counter_that_goes_back_is_refused_and_audited_as_a_clone() {
        SoftAuthenticator authenticator = registered(alice, "Key");
        for (int i = 0; i < 3; i++) {
            PasskeyCeremony c = passkeys.signInOptions();
            passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null);
        }
        PasskeyCeremony c = passkeys.signInOptions();
        refused(() -> passkeys.signIn(c.state(), authenticator.counter(1).authenticate(challenge(c)), null),
                ErrorCode.PASSKEY_REFUSED);
        assertThat(events(AuditType.PASSKEY_CLONE_SUSPECTED)).singleElement()
                .satisfies(e -> assertThat(e.accountId()).isEqualTo(alice.id()));
        assertThat(store.passkeys(alice.id()).getFirst().signCount()).isEqualTo(3);
    }

    @Test
    void a_locked_account_cannot_sign_in_with_its_passkey() {
        SoftAuthenticator authenticator = registered(alice, null);
        accountStore.setLocked(alice.id(), true);
        PasskeyCeremony c = passkeys.signInOptions();
        refused(() -> passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null), ErrorCode.ACCOUNT_LOCKED);
    }

    @Test
    void the_same_credential_cannot_be_registered_twice() {
        SoftAuthenticator authenticator = registered(alice, null);
        PasskeyCeremony c = passkeys.registrationOptions(alice);
        refused(() -> passkeys.register(alice, c.state(), authenticator.register(challenge(c), userId(c)), null, null),
                ErrorCode.PASSKEY_EXISTS);
    }

    @Test
    void passkeys_are_renamed_and_removed_by_their_owner_only() {
        SoftAuthenticator authenticator = registered(alice, "Old");
        Account bob = account("bob");
        String id = authenticator.credentialId();
        passkeys.rename(alice, id, " New ");
        assertThat(passkeys.list(alice.id())).extracting(Passkey::name).containsExactly("New");
        refused(() -> passkeys.rename(bob, id, "Mine"), ErrorCode.PASSKEY_NOT_FOUND);
        refused(() -> passkeys.rename(alice, id, "x".repeat(61)), ErrorCode.INVALID_FIELD);
        refused(() -> passkeys.remove(bob, id, null), ErrorCode.PASSKEY_NOT_FOUND);
        passkeys.remove(alice, id, null);
        assertThat(passkeys.list(alice.id())).isEmpty();
        assertThat(events(AuditType.SECOND_FACTOR_REMOVED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("passkey New"));
        PasskeyCeremony c = passkeys.signInOptions();
        refused(() -> passkeys.signIn(c.state(), authenticator.authenticate(challenge(c)), null), ErrorCode.PASSKEY_REFUSED);
    }
}
