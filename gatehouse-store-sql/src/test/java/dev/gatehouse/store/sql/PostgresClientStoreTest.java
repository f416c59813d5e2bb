package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.store.testkit.ClientStoreContract;
import dev.gatehouse.store.testkit.TestPostgres.Schema;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs the contract against the PostgreSQL store, a new schema per test. */
class PostgresClientStoreTest extends ClientStoreContract {

    @Override
    protected Stores newStores() {
        return TestPostgres.freshStores();
    }

    /** Rows stored before clients had a registration (db/postgresql/V9.sql) read as what those clients could do. */
    @Test
    void a_client_stored_before_registrations_existed_reads_with_the_basic_one() throws Exception {
        Schema schema = TestPostgres.newSchema();
        try (Stores stores = TestPostgres.freshStores(schema)) {
            stores.clients().create(new Client("api", "9f86d081", Set.of("https://api.example.com"), Instant.EPOCH));
            stores.clients().create(new Client("app", null, Set.of(), Instant.EPOCH));
            TestPostgres.execute("UPDATE \"" + schema.name() + "\".clients SET registration = NULL");

            assertThat(stores.clients().find("api").orElseThrow().registration())
                    .isEqualTo(ClientRegistration.basic(true));
            assertThat(stores.clients().find("app").orElseThrow())
                    .isEqualTo(new Client("app", null, Set.of(), Instant.EPOCH, ClientRegistration.basic(false)));
        }
    }
}
