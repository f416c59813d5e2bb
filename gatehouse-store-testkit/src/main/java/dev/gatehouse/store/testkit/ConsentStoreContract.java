package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.oidc.ConsentStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentStore} must do. A backend passes by extending this class and returning
 * fresh, empty stores from {@link #newStores()}.
 */
public abstract class ConsentStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");

    private Stores stores;
    private ConsentStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.oauth().consents();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running).
        if (stores != null) {
            stores.close();
        }
    }

    private static Consent consent(String account, String client, String... scopes) {
        return new Consent(account, client, Set.of(scopes), T0);
    }

    @Test
    void a_consent_is_found_with_its_scopes_and_time() {
        Consent consent = new Consent("acc-alice", "orders-web", Set.of("openid", "email", "orders:read"),
                T0.plusMillis(7));

        store.put(consent);

        assertThat(store.find("acc-alice", "orders-web")).contains(consent);
        assertThat(store.find("acc-alice", "orders-web").orElseThrow().covers(Set.of("openid", "email"))).isTrue();
    }

    @Test
    void a_consent_to_no_scopes_is_kept_as_such() {
        store.put(consent("acc-alice", "orders-web"));

        assertThat(store.find("acc-alice", "orders-web").orElseThrow().scopes()).isEmpty();
    }

    @Test
    void a_consent_is_found_only_for_its_account_and_client() {
        store.put(consent("acc-alice", "orders-web", "openid"));

        assertThat(store.find("acc-bob", "orders-web")).isEmpty();
        assertThat(store.find("acc-alice", "tv")).isEmpty();
        assertThat(store.find("ACC-ALICE", "orders-web")).isEmpty();
    }

    @Test
    void consenting_again_replaces_the_earlier_consent_whole() {
        store.put(consent("acc-alice", "orders-web", "openid", "email", "profile"));
        Consent later = new Consent("acc-alice", "orders-web", Set.of("openid", "offline_access"), T0.plusSeconds(60));

        store.put(later);

        assertThat(store.find("acc-alice", "orders-web")).contains(later);
        assertThat(store.list("acc-alice")).containsExactly(later);
    }

    @Test
    void an_accounts_consents_are_listed_by_client_id_and_only_its_own() {
        for (String client : List.of("web", "api", "Zeta", "mobile", "api-2")) {
            store.put(consent("acc-alice", client, "openid"));
        }
        store.put(consent("acc-bob", "api", "openid"));

        assertThat(store.list("acc-alice")).extracting(Consent::clientId)
                .containsExactly("Zeta", "api", "api-2", "mobile", "web");
        assertThat(store.list("acc-bob")).containsExactly(consent("acc-bob", "api", "openid"));
        assertThat(store.list("acc-carol")).isEmpty();
    }

    @Test
    void a_withdrawn_consent_is_gone_and_withdrawing_it_again_returns_false() {
        store.put(consent("acc-alice", "orders-web", "openid"));
        store.put(consent("acc-alice", "tv", "openid"));

        assertThat(store.delete("acc-alice", "orders-web")).isTrue();
        assertThat(store.delete("acc-alice", "orders-web")).isFalse();
        assertThat(store.delete("acc-bob", "tv")).isFalse();

        assertThat(store.find("acc-alice", "orders-web")).isEmpty();
        assertThat(store.list("acc-alice")).extracting(Consent::clientId).containsExactly("tv");
    }

    @Test
    void deleting_a_clients_consents_removes_every_accounts_and_counts_them() {
        store.put(consent("acc-alice", "orders-web", "openid"));
        store.put(consent("acc-bob", "orders-web", "openid"));
        store.put(consent("acc-alice", "tv", "openid"));

        assertThat(store.deleteForClient("orders-web")).isEqualTo(2);
        assertThat(store.deleteForClient("orders-web")).isZero();

        assertThat(store.list("acc-alice")).extracting(Consent::clientId).containsExactly("tv");
        assertThat(store.list("acc-bob")).isEmpty();
    }

    @Test
    void of_many_threads_consenting_at_once_one_consent_is_kept_with_one_threads_scopes() {
        var outcomes = Concurrently.run(i -> () -> {
            store.put(new Consent("acc-alice", "orders-web", Set.of("openid", "scope-" + i), T0.plusMillis(i)));
            return i;
        });

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        Consent kept = store.find("acc-alice", "orders-web").orElseThrow();
        long i = kept.grantedAt().toEpochMilli() - T0.toEpochMilli();
        assertThat(kept.scopes()).containsExactlyInAnyOrder("openid", "scope-" + i);
        assertThat(store.list("acc-alice")).hasSize(1);
    }
}
