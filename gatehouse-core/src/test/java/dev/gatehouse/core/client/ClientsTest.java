package dev.gatehouse.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.error.NotAuthenticatedException;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemoryClientStore;
import dev.gatehouse.core.memory.InMemoryConsentStore;
import dev.gatehouse.core.oidc.Consent;
import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.testsupport.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientsTest {

    private static final String SECRET = "a-client-secret-long-enough-0123456789";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicInteger reads = new AtomicInteger();
    private final InMemoryClientStore memory = new InMemoryClientStore();
    private final ClientStore store = new ClientStore() {
        @Override
        public void create(Client client) {
            memory.create(client);
        }

        @Override
        public Optional<Client> find(String id) {
            reads.incrementAndGet();
            return memory.find(id);
        }

        @Override
        public List<Client> list() {
            return memory.list();
        }

        @Override
        public boolean update(Client client) {
            return memory.update(client);
        }

        @Override
        public boolean delete(String id) {
            return memory.delete(id);
        }
    };

    private Clients at(Instant now) {
        return new Clients(store, List.of("api", "billing"), Duration.ofMinutes(5), new InMemoryAuditLog(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void a_confidential_client_authenticates_with_its_secret_only() {
        Clients clients = at(T0);
        clients.create("orders", SECRET, Set.of());
        assertThat(clients.authenticate("orders", SECRET).id()).isEqualTo("orders");
        assertThatThrownBy(() -> clients.authenticate("orders", "wrong")).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> clients.authenticate("nobody", SECRET)).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void a_found_client_is_read_from_the_store_at_most_once_per_cache_lifetime() {
        Clients clients = at(T0);
        clients.create("orders", SECRET, Set.of());
        for (int i = 0; i < 5; i++) {
            clients.authenticate("orders", SECRET);
        }
        assertThat(reads).hasValue(1);
        assertThatThrownBy(() -> clients.authenticate("orders", "wrong")).isInstanceOf(NotAuthenticatedException.class);
        assertThat(reads).hasValue(1);
    }

    @Test
    void weak_secrets_bad_ids_and_unconfigured_audiences_are_refused() {
        Clients clients = at(T0);
        assertThatThrownBy(() -> clients.create("orders", "short", Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> clients.create("web", null, Set.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> clients.create("x", null, Set.of("nope"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void the_audience_defaults_to_the_first_the_client_may_have() {
        Clients clients = at(T0);
        Client billing = clients.create("billing-app", null, Set.of("billing"));
        assertThat(clients.audienceFor(billing, null)).isEqualTo("billing");
        assertThat(clients.audienceFor(clients.findPublic(null).orElseThrow(), null)).isEqualTo("api");
        assertThatThrownBy(() -> clients.audienceFor(billing, "api")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void after_the_cache_lifetime_the_client_is_read_again() {
        MovableClock clock = new MovableClock(T0);
        Clients clients = new Clients(store, List.of("api"), Duration.ofMinutes(5), new InMemoryAuditLog(), clock);
        clients.create("orders", SECRET, Set.of());
        clients.authenticate("orders", SECRET);
        clock.advance(Clients.CACHE_LIFETIME.minus(Duration.ofMillis(1)));
        clients.authenticate("orders", SECRET);
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        clients.authenticate("orders", SECRET);
        assertThat(reads).hasValue(2);
    }

    @Test
    void consents_given_to_a_deleted_client_go_with_it_so_a_new_client_of_that_id_starts_with_none() {
        InMemoryConsentStore consents = new InMemoryConsentStore();
        Clients clients = new Clients(store, List.of("api"), Duration.ofMinutes(5), new InMemoryAuditLog(),
                Clock.fixed(T0, ZoneOffset.UTC), consents::deleteForClient);
        clients.create("app", null, Set.of());
        consents.put(new Consent("acc-1", "app", Set.of("openid"), T0));
        consents.put(new Consent("acc-1", "other", Set.of("openid"), T0));

        clients.delete("app", Actor.COMMAND_LINE);

        assertThat(consents.find("acc-1", "app")).isEmpty();
        assertThat(consents.find("acc-1", "other")).isPresent();
    }
}
