package dev.gatehouse.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditType;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.core.memory.InMemoryAccountStore;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryRevocationLog;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.memory.InMemorySessionStore;
import dev.gatehouse.core.password.Argon2Cost;
import dev.gatehouse.core.password.Argon2idHasher;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.session.Device;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionPolicy;
import dev.gatehouse.core.session.Sessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountsTest {

    /** Sub-millisecond part on purpose: everything stored is cut to milliseconds. */
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00.123456Z");
    private static final Instant NOW_MILLIS = Instant.parse("2025-03-01T10:00:00.123Z");
    private static final Argon2Cost COST_A = new Argon2Cost(64, 1, 1);
    private static final Argon2Cost COST_B = new Argon2Cost(128, 2, 1);
    private static final String PASSWORD = "correct horse battery";
    private static final String WRONG = "correct horse battery!";
    private static final String IP = "203.0.113.7";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryAccountStore accounts = new InMemoryAccountStore();
    private final InMemorySessionStore sessionStore = new InMemorySessionStore();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final Sessions sessions = new Sessions(sessionStore, audit,
            new Revocations(new InMemoryRevocationLog(), Duration.ofMinutes(10), Duration.ofMinutes(1), clock),
            SessionPolicy.defaults(), clock);
    private final List<PasswordHashing> pools = new ArrayList<>();
    private final Accounts service = serviceWithCost(COST_A);

    @AfterEach
    void closePools() {
        pools.forEach(PasswordHashing::close);
    }

    private Accounts serviceWithCost(Argon2Cost cost) {
        PasswordHashing hashing = new PasswordHashing(new Argon2idHasher(cost), 2, 16);
        pools.add(hashing);
        return new Accounts(accounts, sessions, audit, hashing, clock);
    }

    /** Oldest first. */
    private List<AuditEvent> events() {
        List<AuditEvent> events = new ArrayList<>(audit.list(Long.MAX_VALUE, 1000));
        Collections.reverse(events);
        return events;
    }

    private List<AuditEvent> events(AuditType type) {
        return events().stream().filter(e -> e.type() == type).toList();
    }

    private String storedHash(Account account) {
        return accounts.findById(account.id()).orElseThrow().passwordHash();
    }

    @Test
    void a_new_account_keeps_the_name_as_given_and_a_hash_of_the_password() {
        Account alice = service.create("  Alice ", PASSWORD, false);

        assertThat(alice.username()).isEqualTo("Alice");
        assertThat(alice.usernameKey()).isEqualTo("alice");
        assertThat(alice.passwordHash()).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain(PASSWORD);
        assertThat(alice.roles()).isEmpty();
        assertThat(alice.locked()).isFalse();
        assertThat(alice.createdAt()).isEqualTo(NOW_MILLIS);
        assertThat(accounts.findById(alice.id())).contains(alice);
        assertThat(events(AuditType.ACCOUNT_CREATED)).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(alice.id());
            assertThat(e.username()).isEqualTo("Alice");
            assertThat(e.at()).isEqualTo(NOW_MILLIS);
            assertThat(e.detail()).isNull();
        });
    }

    @Test
    void an_admin_account_has_the_admin_role() {
        Account root = service.create("root", PASSWORD, true);

        assertThat(root.isAdmin()).isTrue();
        assertThat(events(AuditType.ACCOUNT_CREATED)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("admin"));
    }

    @Test
    void an_invalid_name_creates_nothing() {
        assertThatThrownBy(() -> service.create("alice smith", PASSWORD, false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"));

        assertThat(accounts.list()).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void a_weak_password_creates_nothing() {
        assertThatThrownBy(() -> service.create("alice", "short", false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("weak_password"));
        assertThatThrownBy(() -> service.create("alice-the-great", "Alice-The-Great", false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("weak_password"));
        assertThatThrownBy(() -> service.create("alice", "Password123", false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("weak_password"));

        assertThat(accounts.list()).isEmpty();
    }

    @Test
    void a_name_taken_in_any_case_or_width_is_a_conflict() {
        service.create("alice", PASSWORD, false);

        for (String name : List.of("alice", "ALICE", "Alice", "\uFF21lice")) {
            assertThatThrownBy(() -> service.create(name, PASSWORD, false))
                    .as(name)
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("account_exists"));
        }
        assertThat(accounts.list()).hasSize(1);
    }

    @Test
    void the_right_password_returns_the_account() {
        Account alice = service.create("Alice", PASSWORD, false);

        assertThat(service.authenticate("Alice", PASSWORD, IP)).isEqualTo(alice);
        assertThat(service.authenticate("ALICE", PASSWORD, IP)).isEqualTo(alice);
        assertThat(events(AuditType.SIGN_IN_FAILED)).isEmpty();
    }

    @Test
    void a_wrong_password_and_an_unknown_name_fail_alike() {
        service.create("alice", PASSWORD, false);

        NotAuthenticatedException wrongPassword = catchThrowableOfType(NotAuthenticatedException.class,
                () -> service.authenticate("alice", WRONG, IP));
        NotAuthenticatedException unknownName = catchThrowableOfType(NotAuthenticatedException.class,
                () -> service.authenticate("mallory", PASSWORD, IP));

        assertThat(wrongPassword.code()).isEqualTo("invalid_credentials");
        assertThat(unknownName.code()).isEqualTo("invalid_credentials");
        assertThat(wrongPassword.getMessage()).isEqualTo(unknownName.getMessage());
    }

    @Test
    void a_missing_password_fails_as_invalid_credentials() {
        service.create("alice", PASSWORD, false);

        assertThatThrownBy(() -> service.authenticate("alice", null, IP))
                .isInstanceOfSatisfying(NotAuthenticatedException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
    }

    @Test
    void each_failed_sign_in_is_audited_with_its_reason() {
        Account alice = service.create("alice", PASSWORD, false);

        assertThatThrownBy(() -> service.authenticate("Alice", WRONG, IP)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> service.authenticate("mallory", PASSWORD, IP)).isInstanceOf(NotAuthenticatedException.class);

        assertThat(events(AuditType.SIGN_IN_FAILED)).satisfiesExactly(
                wrong -> {
                    assertThat(wrong.accountId()).isEqualTo(alice.id());
                    assertThat(wrong.username()).isEqualTo("Alice");
                    assertThat(wrong.ip()).isEqualTo(IP);
                    assertThat(wrong.detail()).isEqualTo("invalid_credentials");
                    assertThat(wrong.at()).isEqualTo(NOW_MILLIS);
                },
                unknown -> {
                    assertThat(unknown.accountId()).isNull();
                    assertThat(unknown.username()).isEqualTo("mallory");
                    assertThat(unknown.ip()).isEqualTo(IP);
                    assertThat(unknown.detail()).isEqualTo("invalid_credentials");
                });
    }

    @Test
    void an_overlong_unknown_name_is_cut_in_the_audit_log() {
        assertThatThrownBy(() -> service.authenticate("m".repeat(500), PASSWORD, IP))
                .isInstanceOf(NotAuthenticatedException.class);

        assertThat(events(AuditType.SIGN_IN_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.username()).isEqualTo("m".repeat(Username.MAX_LENGTH)));
    }

    @Test
    void a_locked_account_with_the_right_password_is_told_it_is_locked() {
        Account alice = service.create("alice", PASSWORD, false);
        service.lock("alice");

        assertThatThrownBy(() -> service.authenticate("alice", PASSWORD, IP))
                .isInstanceOfSatisfying(NotAuthenticatedException.class,
                        e -> assertThat(e.code()).isEqualTo("account_locked"));
        assertThat(events(AuditType.SIGN_IN_FAILED)).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(alice.id());
            assertThat(e.detail()).isEqualTo("account_locked");
            assertThat(e.ip()).isEqualTo(IP);
        });
    }

    @Test
    void a_locked_account_with_a_wrong_password_does_not_reveal_the_lock() {
        service.create("alice", PASSWORD, false);
        service.lock("alice");

        assertThatThrownBy(() -> service.authenticate("alice", WRONG, IP))
                .isInstanceOfSatisfying(NotAuthenticatedException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
    }

    @Test
    void no_audit_event_holds_a_password() {
        service.create("alice", PASSWORD, true);
        service.authenticate("alice", PASSWORD, IP);
        assertThatThrownBy(() -> service.authenticate("alice", WRONG, IP)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> service.authenticate("bob", WRONG, IP)).isInstanceOf(NotAuthenticatedException.class);
        service.lock("alice");
        assertThatThrownBy(() -> service.authenticate("alice", PASSWORD, IP)).isInstanceOf(NotAuthenticatedException.class);
        service.unlock("alice");
        serviceWithCost(COST_B).authenticate("alice", PASSWORD, IP);

        assertThat(events()).hasSizeGreaterThanOrEqualTo(7).allSatisfy(e ->
                assertThat(Stream.of(e.accountId(), e.username(), e.sessionId(), e.ip(), e.detail()))
                        .noneMatch(field -> field != null && (field.contains(PASSWORD) || field.contains("$argon2id$"))));
    }

    @Test
    void a_hash_of_an_older_cost_is_upgraded_at_the_next_successful_sign_in() {
        Account alice = service.create("alice", PASSWORD, false);
        Accounts upgraded = serviceWithCost(COST_B);

        Account signedIn = upgraded.authenticate("alice", PASSWORD, IP);

        assertThat(storedHash(alice)).startsWith("$argon2id$v=19$m=128,t=2,p=1$").isEqualTo(signedIn.passwordHash());
        assertThat(new Argon2idHasher(COST_B).needsRehash(storedHash(alice))).isFalse();
        assertThat(new Argon2idHasher(COST_B).verify(PASSWORD, storedHash(alice))).isTrue();
        assertThat(events(AuditType.PASSWORD_REHASHED)).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(alice.id());
            assertThat(e.ip()).isEqualTo(IP);
        });
    }

    @Test
    void an_upgraded_hash_is_not_upgraded_again() {
        service.create("alice", PASSWORD, false);
        Accounts upgraded = serviceWithCost(COST_B);

        upgraded.authenticate("alice", PASSWORD, IP);
        upgraded.authenticate("alice", PASSWORD, IP);

        assertThat(events(AuditType.PASSWORD_REHASHED)).hasSize(1);
    }

    @Test
    void a_failed_sign_in_does_not_upgrade_the_hash() {
        Account alice = service.create("alice", PASSWORD, false);
        String before = storedHash(alice);

        assertThatThrownBy(() -> serviceWithCost(COST_B).authenticate("alice", WRONG, IP))
                .isInstanceOf(NotAuthenticatedException.class);

        assertThat(storedHash(alice)).isEqualTo(before);
        assertThat(events(AuditType.PASSWORD_REHASHED)).isEmpty();
    }

    @Test
    void a_locked_account_is_not_upgraded_even_with_the_right_password() {
        Account alice = service.create("alice", PASSWORD, false);
        service.lock("alice");
        String before = storedHash(alice);

        assertThatThrownBy(() -> serviceWithCost(COST_B).authenticate("alice", PASSWORD, IP))
                .isInstanceOf(NotAuthenticatedException.class);

        assertThat(storedHash(alice)).isEqualTo(before);
        assertThat(events(AuditType.PASSWORD_REHASHED)).isEmpty();
    }

    @Test
    void locking_revokes_every_session_and_is_audited_once_even_when_locked_twice() {
        Account alice = service.create("alice", PASSWORD, false);
        Session first = sessions.start(alice, "web", new Device("Firefox", IP)).session();
        Session second = sessions.start(alice, "cli", Device.UNKNOWN).session();

        Account locked = service.lock("alice");
        service.lock("ALICE");

        assertThat(locked.locked()).isTrue();
        assertThat(accounts.findById(alice.id()).orElseThrow().locked()).isTrue();
        assertThat(Stream.of(first, second).map(s -> sessionStore.findById(s.id()).orElseThrow()))
                .allSatisfy(s -> {
                    assertThat(s.revokedAt()).isEqualTo(NOW_MILLIS);
                    assertThat(s.revokeReason()).isEqualTo(RevokeReason.ACCOUNT_LOCKED);
                });
        assertThat(sessions.listActive(alice.id(), null, Sessions.MAX_PAGE).sessions()).isEmpty();
        assertThat(events(AuditType.SESSION_REVOKED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.detail()).isEqualTo("account_locked"));
        assertThat(events(AuditType.ACCOUNT_LOCKED)).singleElement()
                .satisfies(e -> assertThat(e.accountId()).isEqualTo(alice.id()));
    }

    @Test
    void locking_leaves_other_accounts_sessions_alone() {
        Account alice = service.create("alice", PASSWORD, false);
        Account bob = service.create("bob", PASSWORD, false);
        sessions.start(alice, "web", Device.UNKNOWN);
        Session bobs = sessions.start(bob, "web", Device.UNKNOWN).session();

        service.lock("alice");

        assertThat(sessions.listActive(bob.id(), null, Sessions.MAX_PAGE).sessions()).containsExactly(bobs);
    }

    @Test
    void an_unlocked_account_can_sign_in_again() {
        Account alice = service.create("alice", PASSWORD, false);
        service.lock("alice");

        Account unlocked = service.unlock("alice");
        service.unlock("alice");

        assertThat(unlocked.locked()).isFalse();
        assertThat(service.authenticate("alice", PASSWORD, IP).id()).isEqualTo(alice.id());
        assertThat(events(AuditType.ACCOUNT_UNLOCKED)).singleElement()
                .satisfies(e -> assertThat(e.accountId()).isEqualTo(alice.id()));
    }

    @Test
    void unlocking_an_account_that_is_not_locked_writes_nothing() {
        service.create("alice", PASSWORD, false);

        service.unlock("alice");

        assertThat(events(AuditType.ACCOUNT_UNLOCKED)).isEmpty();
    }

    @Test
    void an_unknown_name_cannot_be_found_locked_or_unlocked() {
        for (Runnable call : List.<Runnable>of(() -> service.get("nobody"), () -> service.lock("nobody"),
                () -> service.unlock("nobody"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).isEqualTo("account_not_found"));
        }
    }

    @Test
    void accounts_are_found_by_name_in_any_case_and_by_id() {
        Account alice = service.create("Alice", PASSWORD, false);

        assertThat(service.get("aLiCe")).isEqualTo(alice);
        assertThat(service.findById(alice.id())).contains(alice);
        assertThat(service.findById("nope")).isEmpty();
        assertThat(service.list()).containsExactly(alice);
    }

    @Test
    void a_search_pages_through_the_names_starting_with_the_query_whatever_its_case() {
        for (String name : List.of("Bob", "bobby", "bo.b", "Robert", "BOBO")) {
            service.create(name, PASSWORD, false);
        }

        AccountPage first = service.search("BO", null, 2);
        AccountPage second = service.search("BO", first.next(), 2);

        assertThat(first.accounts()).extracting(Account::username).containsExactly("bo.b", "Bob");
        assertThat(second.accounts()).extracting(Account::username).containsExactly("bobby", "BOBO");
        assertThat(second.next()).isNull();
        assertThat(service.search(null, null, 100).accounts()).hasSize(5);
        assertThat(service.search("   ", null, 100).accounts()).hasSize(5);
    }

    @Test
    void a_search_refuses_cursors_it_did_not_hand_out_and_limits_out_of_range() {
        for (String cursor : List.of("!!", "", "%", "_w", "x".repeat(600))) {
            assertThatThrownBy(() -> service.search("a", cursor, 10)).as(cursor)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_cursor"));
        }
        assertThatThrownBy(() -> service.search("a", null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> service.search("a", null, 101)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void an_administrator_cannot_lock_themselves_or_drop_their_own_admin_role_but_may_another() {
        Account root = service.create("root", PASSWORD, true);
        Account other = service.create("other", PASSWORD, true);
        Actor byRoot = Actor.admin(root);

        assertThatThrownBy(() -> service.lock("ROOT", byRoot))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("self_lockout"));
        assertThatThrownBy(() -> service.setRoles("root", java.util.Set.of("ops"), byRoot))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("self_lockout"));

        assertThat(service.setRoles("root", java.util.Set.of("admin", "ops"), byRoot).roles()).contains("admin", "ops");
        assertThat(service.setRoles("other", java.util.Set.of(), byRoot).isAdmin()).isFalse();
        assertThat(service.lock("other", byRoot).locked()).isTrue();
        assertThat(accounts.findById(root.id()).orElseThrow().locked()).isFalse();
        assertThat(accounts.findById(other.id()).orElseThrow().roles()).isEmpty();
    }

    @Test
    void administrative_changes_record_who_made_them() {
        Account root = service.create("root", PASSWORD, true);
        service.create("alice", PASSWORD, false, Actor.admin(root));
        service.lock("alice", Actor.admin(root));
        service.unlock("alice");
        service.resetPassword("alice", "another long passphrase", Actor.admin(root));
        service.setRoles("alice", java.util.Set.of("ops"), Actor.admin(root));
        service.revokeSessions("alice", Actor.admin(root));

        assertThat(events()).filteredOn(e -> "alice".equals(e.username()))
                .extracting(e -> e.type() + " " + e.actorName() + " " + e.actorId())
                .containsExactly("ACCOUNT_CREATED root " + root.id(), "ACCOUNT_LOCKED root " + root.id(),
                        "ACCOUNT_UNLOCKED command-line null", "PASSWORD_CHANGED root " + root.id(),
                        "ROLES_CHANGED root " + root.id(), "SESSIONS_REVOKED root " + root.id());
    }

    @Test
    void roles_are_checked_before_anything_changes() {
        service.create("alice", PASSWORD, false);

        for (java.util.Set<String> bad : List.of(java.util.Set.of("a,b"), java.util.Set.of(""), java.util.Set.of("a b"),
                java.util.Set.of("-x"), java.util.Set.of("x".repeat(65)))) {
            assertThatThrownBy(() -> service.setRoles("alice", bad, Actor.COMMAND_LINE)).as(bad.toString())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_role"));
        }
        assertThat(service.get("alice").roles()).isEmpty();
    }
}
