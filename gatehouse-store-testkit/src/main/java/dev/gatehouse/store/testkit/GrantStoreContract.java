package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.Grant;
import dev.gatehouse.core.oidc.GrantStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GrantStore} must do. A backend passes by extending this class and returning
 * fresh, empty stores from {@link #newStores()}.
 */
public abstract class GrantStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final String CODE_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Stores stores;
    private GrantStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.oauth().grants();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running).
        if (stores != null) {
            stores.close();
        }
    }

    private static Grant grant(String sid, String parent, String client, String account, int seconds) {
        return new Grant(sid, parent, client, account, "openid profile", T0.plusSeconds(seconds), null);
    }

    @Test
    void a_grant_is_found_by_its_session_with_every_field_intact() {
        Grant grant = new Grant("g-1", "browser-1", "orders-web", "acc-alice", "openid email offline_access", T0,
                CODE_HASH);

        store.create(grant);

        assertThat(store.find("g-1")).contains(grant);
        assertThat(store.find("browser-1")).isEmpty();
        assertThat(store.find("G-1")).isEmpty();
    }

    @Test
    void a_grant_without_a_code_or_scope_is_found_so() {
        Grant device = new Grant("g-1", "browser-1", "tv", "acc-alice", "", T0, null);

        store.create(device);

        assertThat(store.find("g-1")).contains(device);
    }

    @Test
    void a_grant_is_found_by_the_hash_of_the_code_it_was_redeemed_from() {
        Grant coded = new Grant("g-1", "browser-1", "orders-web", "acc-alice", "openid", T0, CODE_HASH);
        store.create(grant("g-2", "browser-1", "orders-web", "acc-alice", 1));
        store.create(coded);

        assertThat(store.findByCode(CODE_HASH)).contains(coded);
        assertThat(store.findByCode(CODE_HASH.toUpperCase())).isEmpty();
        assertThat(store.findByCode("0".repeat(64))).isEmpty();
    }

    @Test
    void a_session_id_holds_one_grant() {
        Grant first = grant("g-1", "browser-1", "orders-web", "acc-alice", 0);
        store.create(first);

        assertThatThrownBy(() -> store.create(grant("g-1", "browser-2", "tv", "acc-bob", 5)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.find("g-1")).contains(first);
        assertThat(store.startedFrom("browser-2")).isEmpty();
    }

    @Test
    void an_authorization_code_makes_one_grant() {
        Grant first = new Grant("g-1", "browser-1", "orders-web", "acc-alice", "openid", T0, CODE_HASH);
        store.create(first);

        assertThatThrownBy(() -> store.create(new Grant("g-2", "browser-1", "orders-web", "acc-alice", "openid",
                T0.plusSeconds(1), CODE_HASH))).isInstanceOf(IllegalStateException.class);

        assertThat(store.findByCode(CODE_HASH)).contains(first);
        assertThat(store.find("g-2")).isEmpty();
    }

    @Test
    void grants_without_a_code_do_not_collide() {
        store.create(grant("g-1", "browser-1", "tv", "acc-alice", 0));
        store.create(grant("g-2", "browser-1", "tv", "acc-alice", 1));

        assertThat(store.startedFrom("browser-1")).extracting(Grant::sessionId).containsExactly("g-1", "g-2");
    }

    @Test
    void the_grants_started_from_a_session_are_listed_oldest_first_and_only_they() {
        store.create(grant("g-c", "browser-1", "orders-web", "acc-alice", 20));
        store.create(grant("g-a", "browser-1", "tv", "acc-alice", 10));
        store.create(grant("g-other", "browser-2", "orders-web", "acc-alice", 5));
        // same second: the session id decides, in code-point order
        store.create(grant("g-b", "browser-1", "orders-web", "acc-alice", 20));
        store.create(grant("g-B", "browser-1", "orders-web", "acc-alice", 20));

        assertThat(store.startedFrom("browser-1")).extracting(Grant::sessionId)
                .containsExactly("g-a", "g-B", "g-b", "g-c");
        assertThat(store.startedFrom("browser-2")).containsExactly(grant("g-other", "browser-2", "orders-web",
                "acc-alice", 5));
        assertThat(store.startedFrom("browser-3")).isEmpty();
    }

    @Test
    void the_grants_an_account_gave_a_client_are_listed_oldest_first_and_only_they() {
        store.create(grant("g-3", "browser-2", "orders-web", "acc-alice", 30));
        store.create(grant("g-1", "browser-1", "orders-web", "acc-alice", 10));
        store.create(grant("g-2", "browser-1", "tv", "acc-alice", 20));
        store.create(grant("g-4", "browser-3", "orders-web", "acc-bob", 5));

        assertThat(store.heldBy("acc-alice", "orders-web")).extracting(Grant::sessionId).containsExactly("g-1", "g-3");
        assertThat(store.heldBy("acc-alice", "tv")).extracting(Grant::sessionId).containsExactly("g-2");
        assertThat(store.heldBy("acc-bob", "orders-web")).extracting(Grant::sessionId).containsExactly("g-4");
        assertThat(store.heldBy("acc-bob", "tv")).isEmpty();
    }

    @Test
    void moving_grants_to_a_new_parent_moves_every_one_of_the_old_parent_and_nothing_else() {
        store.create(grant("g-1", "browser-1", "orders-web", "acc-alice", 10));
        store.create(grant("g-2", "browser-1", "tv", "acc-alice", 20));
        store.create(grant("g-3", "browser-2", "orders-web", "acc-alice", 30));

        assertThat(store.moveTo("browser-1", "browser-9")).isEqualTo(2);

        assertThat(store.startedFrom("browser-1")).isEmpty();
        assertThat(store.startedFrom("browser-9")).containsExactly(grant("g-1", "browser-9", "orders-web", "acc-alice",
                10), grant("g-2", "browser-9", "tv", "acc-alice", 20));
        assertThat(store.find("g-3").orElseThrow().parentSessionId()).isEqualTo("browser-2");
        assertThat(store.moveTo("browser-1", "browser-8")).isZero();
    }

    @Test
    void moving_to_a_parent_that_has_grants_of_its_own_keeps_them_all() {
        store.create(grant("g-1", "browser-1", "orders-web", "acc-alice", 10));
        store.create(grant("g-2", "browser-2", "tv", "acc-alice", 20));

        assertThat(store.moveTo("browser-1", "browser-2")).isEqualTo(1);

        assertThat(store.startedFrom("browser-2")).extracting(Grant::sessionId).containsExactly("g-1", "g-2");
    }

    @Test
    void grants_created_before_the_cutoff_are_deleted_and_counted() {
        store.create(grant("g-1", "browser-1", "orders-web", "acc-alice", 0));
        store.create(grant("g-2", "browser-1", "orders-web", "acc-alice", 10));
        store.create(grant("g-3", "browser-1", "orders-web", "acc-alice", 20));

        assertThat(store.deleteCreatedBefore(T0.plusSeconds(10))).isEqualTo(1);

        assertThat(store.find("g-1")).isEmpty();
        assertThat(store.startedFrom("browser-1")).extracting(Grant::sessionId).containsExactly("g-2", "g-3");
        assertThat(store.deleteCreatedBefore(T0)).isZero();
    }

    @Test
    void of_many_threads_recording_grants_from_one_code_exactly_one_succeeds() {
        var outcomes = Concurrently.run(i -> () -> {
            store.create(new Grant("g-" + i, "browser-1", "orders-web", "acc-alice", "openid", T0, CODE_HASH));
            return i;
        });

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(IllegalStateException.class));
        int winner = outcomes.stream().filter(Concurrently.Outcome::succeeded).findFirst().orElseThrow().result();
        assertThat(store.findByCode(CODE_HASH).orElseThrow().sessionId()).isEqualTo("g-" + winner);
        assertThat(store.startedFrom("browser-1")).hasSize(1);
    }
}
