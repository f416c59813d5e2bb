package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.error.ConflictException;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientAuthMethod;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.ClientStore;
import dev.gatehouse.core.client.GrantType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClientStore} must do. A backend passes by extending this class and returning
 * fresh, empty stores from {@link #newStores()}.
 */
public abstract class ClientStoreContract {

    /** Millisecond precision: what every store keeps. */
    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final String SECRET_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Stores stores;
    private ClientStore store;

    /** Fresh stores, empty, used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
        store = stores.clients();
    }

    @AfterEach
    void closeStores() throws Exception {
        // Null when newStores() failed or skipped the test (a backend's server not running):
        // report that, not a NullPointerException from here.
        if (stores != null) {
            stores.close();
        }
    }

    private static Client publicClient(String id) {
        return new Client(id, null, Set.of(), T0);
    }

    @Test
    void a_confidential_client_is_found_with_its_secret_hash_and_audiences() {
        Client client = new Client("orders-api", SECRET_HASH,
                Set.of("https://orders.example.com", "urn:gatehouse:billing"), T0);

        store.create(client);

        Client found = store.find("orders-api").orElseThrow();
        assertThat(found).isEqualTo(client);
        assertThat(found.isConfidential()).isTrue();
        assertThat(found.secretHash()).isEqualTo(SECRET_HASH);
        assertThat(found.audiences()).containsExactlyInAnyOrder("https://orders.example.com", "urn:gatehouse:billing");
        assertThat(found.createdAt()).isEqualTo(T0);
    }

    @Test
    void a_public_client_is_found_without_a_secret_hash() {
        Client client = new Client("mobile-app", null, Set.of("https://api.example.com"), T0.plusMillis(1));

        store.create(client);

        Client found = store.find("mobile-app").orElseThrow();
        assertThat(found).isEqualTo(client);
        assertThat(found.secretHash()).isNull();
        assertThat(found.isConfidential()).isFalse();
    }

    @Test
    void a_client_without_audiences_keeps_an_empty_set() {
        store.create(publicClient("spa"));

        assertThat(store.find("spa").orElseThrow().audiences()).isEmpty();
    }

    @Test
    void an_unknown_client_is_not_found() {
        store.create(publicClient("spa"));

        assertThat(store.find("SPA")).isEmpty();
        assertThat(store.find("other")).isEmpty();
    }

    @Test
    void clients_are_listed_ordered_by_id() {
        for (String id : List.of("web", "api", "Zeta", "mobile", "api-2")) {
            store.create(publicClient(id));
        }

        assertThat(store.list()).extracting(Client::id).containsExactly("Zeta", "api", "api-2", "mobile", "web");
    }

    @Test
    void listed_clients_carry_every_field() {
        Client client = new Client("orders-api", SECRET_HASH, Set.of("https://orders.example.com"), T0);
        store.create(client);

        assertThat(store.list()).containsExactly(client);
    }

    @Test
    void an_empty_store_lists_no_clients() {
        assertThat(store.list()).isEmpty();
    }

    @Test
    void a_client_id_can_be_registered_only_once() {
        Client first = new Client("orders-api", SECRET_HASH, Set.of("https://orders.example.com"), T0);
        store.create(first);

        assertThatThrownBy(() -> store.create(publicClient("orders-api")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("client_exists"));

        assertThat(store.find("orders-api")).contains(first);
        assertThat(store.list()).containsExactly(first);
    }

    @Test
    void of_many_threads_registering_the_same_id_exactly_one_succeeds() {
        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(i -> () -> {
            store.create(new Client("orders-api", "hash-" + i, Set.of(), T0));
            return true;
        });

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("client_exists")));
        int winner = IntStream.range(0, outcomes.size())
                .filter(i -> outcomes.get(i).succeeded()).findFirst().orElseThrow();
        assertThat(store.list()).extracting(Client::secretHash).containsExactly("hash-" + winner);
    }

    @Test
    void a_deleted_client_is_no_longer_found_or_listed() {
        store.create(publicClient("mobile"));
        store.create(publicClient("spa"));

        assertThat(store.delete("mobile")).isTrue();

        assertThat(store.find("mobile")).isEmpty();
        assertThat(store.list()).extracting(Client::id).containsExactly("spa");
    }

    @Test
    void deleting_an_unknown_client_returns_false_and_changes_nothing() {
        store.create(publicClient("spa"));

        assertThat(store.delete("SPA")).isFalse();
        assertThat(store.delete("other")).isFalse();

        assertThat(store.list()).extracting(Client::id).containsExactly("spa");
    }

    @Test
    void the_id_of_a_deleted_client_can_be_registered_again() {
        store.create(new Client("orders-api", SECRET_HASH, Set.of(), T0));
        store.delete("orders-api");

        Client again = new Client("orders-api", null, Set.of("https://orders.example.com"), T0.plusSeconds(1));
        store.create(again);

        assertThat(store.find("orders-api")).contains(again);
    }

    // Registrations

    private static ClientRegistration webApp() {
        return new ClientRegistration("Orders — web", ClientAuthMethod.PRIVATE_KEY_JWT,
                List.of("https://orders.example.com/callback", "http://127.0.0.1/cb"),
                List.of("https://orders.example.com/bye"),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.DEVICE_CODE),
                Set.of("orders:read", "orders:write"), true, Duration.ofMinutes(5), Duration.ofDays(30),
                "https://orders.example.com/backchannel-logout", "{\"keys\":[]}", "https://orders.example.com/jwks");
    }

    @Test
    void a_client_is_found_with_its_registration_intact() {
        Client client = new Client("orders-web", null, Set.of("https://api.example.com"), T0, webApp());

        store.create(client);

        assertThat(store.find("orders-web")).contains(client);
        assertThat(store.list()).containsExactly(client);
        assertThat(store.find("orders-web").orElseThrow().isConfidential()).isTrue();
    }

    @Test
    void a_registration_with_nothing_optional_is_found_as_it_was() {
        ClientRegistration bare = new ClientRegistration("", ClientAuthMethod.NONE, List.of("https://spa.example.com/"),
                List.of(), Set.of(), Set.of(), false, null, null, null, null, null);
        Client client = new Client("spa", null, Set.of(), T0, bare);

        store.create(client);

        assertThat(store.find("spa")).contains(client);
    }

    @Test
    void a_client_made_without_a_registration_is_found_with_the_basic_one() {
        store.create(new Client("orders-api", SECRET_HASH, Set.of(), T0));
        store.create(publicClient("mobile"));

        assertThat(store.find("orders-api").orElseThrow().registration()).isEqualTo(ClientRegistration.basic(true));
        assertThat(store.find("mobile").orElseThrow().registration()).isEqualTo(ClientRegistration.basic(false));
    }

    @Test
    void an_update_replaces_the_registration_and_audiences_and_keeps_the_secret_and_creation_time() {
        store.create(new Client("orders-api", SECRET_HASH, Set.of("https://orders.example.com"), T0));

        Client edited = new Client("orders-api", "another-hash", Set.of("urn:gatehouse:billing"), T0.plusSeconds(60),
                webApp());
        assertThat(store.update(edited)).isTrue();

        Client found = store.find("orders-api").orElseThrow();
        assertThat(found).isEqualTo(new Client("orders-api", SECRET_HASH, Set.of("urn:gatehouse:billing"), T0,
                webApp()));
        assertThat(store.list()).containsExactly(found);
    }

    @Test
    void an_update_can_take_every_audience_away_and_go_back_to_the_basic_registration() {
        store.create(new Client("orders-web", null, Set.of("https://api.example.com"), T0, webApp()));

        assertThat(store.update(publicClient("orders-web"))).isTrue();

        assertThat(store.find("orders-web")).contains(publicClient("orders-web"));
    }

    @Test
    void updating_an_unknown_client_returns_false_and_registers_nothing() {
        store.create(publicClient("spa"));

        assertThat(store.update(new Client("other", null, Set.of(), T0, webApp()))).isFalse();
        assertThat(store.update(new Client("SPA", null, Set.of(), T0, webApp()))).isFalse();

        assertThat(store.find("other")).isEmpty();
        assertThat(store.list()).containsExactly(publicClient("spa"));
    }
}
