package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.error.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountStore} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}.
 *
 * <p>The suite asks for a whole {@link Stores} rather than one port so that it can close what the
 * backend opened (pools, files) after each test; a backend that implements only this port can
 * fill the other two with the in-memory ones.
 */
public abstract class AccountStoreContract {

    /** Millisecond precision: what every store keeps. */
    protected static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");

    private Stores stores;
    private AccountStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.accounts();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    private static Account account(String id, String key) {
        return new Account(id, key, key, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Set.of(), false, T0);
    }

    @Test
    void a_created_account_is_found_by_id_with_every_field_intact() {
        Account account = new Account("acc-1", "Émile.Zola", "émile.zola", "$argon2id$hash-1",
                Set.of("admin", "auditor", "ops"), true, T0);

        store.create(account);

        Account found = store.findById("acc-1").orElseThrow();
        assertThat(found).isEqualTo(account);
        assertThat(found.username()).isEqualTo("Émile.Zola");
        assertThat(found.passwordHash()).isEqualTo("$argon2id$hash-1");
        assertThat(found.roles()).containsExactlyInAnyOrder("admin", "auditor", "ops");
        assertThat(found.locked()).isTrue();
        assertThat(found.createdAt()).isEqualTo(T0);
    }

    @Test
    void a_created_account_is_found_by_its_username_key() {
        Account account = account("acc-1", "alice");
        store.create(account);

        assertThat(store.findByUsernameKey("alice")).contains(account);
    }

    @Test
    void an_account_without_roles_keeps_an_empty_role_set() {
        store.create(account("acc-1", "alice"));

        assertThat(store.findById("acc-1").orElseThrow().roles()).isEmpty();
    }

    @Test
    void looking_up_an_unknown_id_or_username_key_finds_nothing() {
        store.create(account("acc-1", "alice"));

        assertThat(store.findById("acc-2")).isEmpty();
        assertThat(store.findByUsernameKey("bob")).isEmpty();
        assertThat(store.findByUsernameKey("")).isEmpty();
    }

    @Test
    void username_keys_are_matched_exactly_because_folding_is_the_callers_job() {
        store.create(account("acc-1", "alice"));

        assertThat(store.findByUsernameKey("ALICE")).isEmpty();
        assertThat(store.findByUsernameKey("alice ")).isEmpty();
        assertThat(store.findByUsernameKey("alic")).isEmpty();
    }

    @Test
    void a_username_key_can_belong_to_only_one_account() {
        Account first = account("acc-1", "alice");
        store.create(first);

        assertThatThrownBy(() -> store.create(account("acc-2", "alice")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("account_exists"));

        assertThat(store.findByUsernameKey("alice")).contains(first);
        assertThat(store.findById("acc-2")).isEmpty();
        assertThat(store.list()).containsExactly(first);
    }

    @Test
    void an_account_id_can_belong_to_only_one_account() {
        Account first = account("acc-1", "alice");
        store.create(first);

        assertThatThrownBy(() -> store.create(account("acc-1", "bob")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("account_exists"));

        assertThat(store.findById("acc-1")).contains(first);
        assertThat(store.findByUsernameKey("bob")).isEmpty();
    }

    @Test
    void an_empty_store_lists_no_accounts() {
        assertThat(store.list()).isEmpty();
    }

    @Test
    void accounts_are_listed_in_username_key_order() {
        for (String key : List.of("carol", "émile", "alice", "bob", "zoë", "al")) {
            store.create(account("id-" + key, key));
        }

        assertThat(store.list()).extracting(Account::usernameKey)
                .containsExactly("al", "alice", "bob", "carol", "zoë", "émile");
    }

    @Test
    void updating_the_password_hash_changes_only_the_hash() {
        Account account = new Account("acc-1", "alice", "alice", "$old", Set.of("admin"), true, T0);
        store.create(account);

        assertThat(store.updatePasswordHash("acc-1", "$new")).isTrue();

        assertThat(store.findById("acc-1")).contains(account.withPasswordHash("$new"));
    }

    @Test
    void updating_the_password_hash_of_a_missing_account_returns_false_and_creates_nothing() {
        store.create(account("acc-1", "alice"));

        assertThat(store.updatePasswordHash("acc-2", "$new")).isFalse();

        assertThat(store.findById("acc-2")).isEmpty();
        assertThat(store.findById("acc-1").orElseThrow().passwordHash()).isNotEqualTo("$new");
    }

    @Test
    void locking_and_unlocking_an_account_is_stored() {
        Account account = account("acc-1", "alice");
        store.create(account);

        assertThat(store.setLocked("acc-1", true)).isTrue();
        assertThat(store.findById("acc-1")).contains(account.withLocked(true));

        assertThat(store.setLocked("acc-1", false)).isTrue();
        assertThat(store.findById("acc-1")).contains(account);
    }

    @Test
    void locking_an_already_locked_account_still_reports_that_the_account_exists() {
        store.create(account("acc-1", "alice").withLocked(true));

        assertThat(store.setLocked("acc-1", true)).isTrue();
        assertThat(store.findById("acc-1").orElseThrow().locked()).isTrue();
    }

    @Test
    void locking_a_missing_account_returns_false_and_creates_nothing() {
        assertThat(store.setLocked("acc-404", true)).isFalse();

        assertThat(store.findById("acc-404")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void changing_one_account_leaves_the_others_alone() {
        Account alice = account("acc-1", "alice");
        Account bob = account("acc-2", "bob");
        store.create(alice);
        store.create(bob);

        store.setLocked("acc-1", true);
        store.updatePasswordHash("acc-1", "$new");

        assertThat(store.findById("acc-2")).contains(bob);
    }

    @Test
    void of_many_threads_creating_the_same_username_key_exactly_one_succeeds() {
        List<Concurrently.Outcome<Object>> outcomes = Concurrently.run(i -> () -> {
            store.create(account("acc-" + i, "alice"));
            return null;
        });

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("account_exists")));
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void accounts_created_concurrently_under_different_keys_are_all_stored() {
        List<Concurrently.Outcome<Object>> outcomes = Concurrently.run(i -> () -> {
            store.create(account("acc-" + i, "user" + i));
            return null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(store.list()).extracting(Account::id).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, Concurrently.THREADS).mapToObj(i -> "acc-" + i).toList());
    }

    private List<String> searchAll(String prefix, int pageSize) {
        List<String> keys = new ArrayList<>();
        String after = null;
        List<Account> page;
        while (!(page = store.search(prefix, after, pageSize)).isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            page.forEach(a -> keys.add(a.usernameKey()));
            after = page.getLast().usernameKey();
        }
        return keys;
    }

    @Test
    void a_search_finds_the_keys_starting_with_the_prefix_in_key_order() {
        for (String key : List.of("bob", "alice", "al", "albert", "carol", "alb", "zoë", "émile", "a")) {
            store.create(account("id-" + key, key));
        }

        assertThat(store.search("al", null, 10)).extracting(Account::usernameKey)
                .containsExactly("al", "alb", "albert", "alice");
        assertThat(store.search("alb", null, 10)).extracting(Account::usernameKey).containsExactly("alb", "albert");
        assertThat(store.search("é", null, 10)).extracting(Account::usernameKey).containsExactly("émile");
        assertThat(store.search("x", null, 10)).isEmpty();
        assertThat(store.search("alicea", null, 10)).isEmpty();
    }

    @Test
    void a_search_returns_whole_accounts() {
        Account alice = new Account("acc-1", "Alice", "alice", "$hash", Set.of("admin"), true, T0);
        store.create(alice);

        assertThat(store.search("ali", null, 10)).containsExactly(alice);
    }

    @Test
    void a_search_takes_its_prefix_literally_without_wildcards_or_case_folding() {
        for (String key : List.of("a_b", "axb", "a%c", "abc", "ab", "Ab")) {
            store.create(account("id-" + key, key));
        }

        assertThat(store.search("a_", null, 10)).extracting(Account::usernameKey).containsExactly("a_b");
        assertThat(store.search("a%", null, 10)).extracting(Account::usernameKey).containsExactly("a%c");
        assertThat(store.search("A", null, 10)).extracting(Account::usernameKey).containsExactly("Ab");
    }

    @Test
    void searching_page_by_page_visits_every_match_once_in_order() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String key = String.format("user%02d", i);
            all.add(key);
            store.create(account("id-" + i, key));
        }
        store.create(account("id-other", "other"));
        store.create(account("id-use", "use"));

        assertThat(searchAll("user", 5)).containsExactlyElementsOf(all);
        assertThat(searchAll("", 4)).hasSize(25).isSortedAccordingTo(String::compareTo);
        assertThat(searchAll("user1", 3)).containsExactlyElementsOf(all.subList(10, 20));
    }

    @Test
    void a_search_after_a_key_starts_past_it_even_when_that_key_is_gone() {
        for (String key : List.of("ann", "anna", "anne", "bert")) {
            store.create(account("id-" + key, key));
        }

        assertThat(store.search("an", "ann", 10)).extracting(Account::usernameKey).containsExactly("anna", "anne");
        assertThat(store.search("an", "annb", 10)).extracting(Account::usernameKey).containsExactly("anne");
        assertThat(store.search("an", "anne", 10)).isEmpty();
        assertThat(store.search("", "anne", 10)).extracting(Account::usernameKey).containsExactly("bert");
        assertThat(store.search("b", "a", 10)).extracting(Account::usernameKey).containsExactly("bert");
    }

    @Test
    void locked_accounts_are_counted() {
        assertThat(store.countLocked()).isZero();
        store.create(account("acc-1", "alice"));
        store.create(account("acc-2", "bob").withLocked(true));
        store.create(account("acc-3", "carol"));

        store.setLocked("acc-3", true);
        assertThat(store.countLocked()).isEqualTo(2);

        store.setLocked("acc-2", false);
        assertThat(store.countLocked()).isEqualTo(1);
    }

    @Test
    void setting_roles_replaces_the_whole_set_and_nothing_else() {
        Account account = new Account("acc-1", "alice", "alice", "$hash", Set.of("admin", "ops"), true, T0);
        store.create(account);

        assertThat(store.setRoles("acc-1", Set.of("auditor", "billing:read"))).isTrue();
        assertThat(store.findById("acc-1")).contains(account.withRoles(Set.of("auditor", "billing:read")));

        assertThat(store.setRoles("acc-1", Set.of())).isTrue();
        assertThat(store.findById("acc-1").orElseThrow().roles()).isEmpty();
    }

    @Test
    void setting_the_roles_of_a_missing_account_returns_false_and_creates_nothing() {
        assertThat(store.setRoles("acc-404", Set.of("admin"))).isFalse();

        assertThat(store.findById("acc-404")).isEmpty();
    }
}
