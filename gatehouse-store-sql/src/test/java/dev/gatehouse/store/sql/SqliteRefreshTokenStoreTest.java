package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.RotationResult;
import dev.gatehouse.store.testkit.RefreshTokenStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteRefreshTokenStoreTest extends RefreshTokenStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected Stores newStores() {
        return SqliteStores.open(dataDirectory);
    }

    /** {@code deleteExpired} reports only a count, so only the database can remove the lineages. */
    @Test
    void deleting_an_expired_session_deletes_its_refresh_tokens() throws Exception {
        Instant t0 = Instant.parse("2025-03-01T09:15:30.123Z");
        try (Stores stores = SqliteStores.open(dataDirectory.resolve("own"))) {
            stores.accounts().create(new Account("acc-1", "a", "a", "$hash", Set.of(), false, t0));
            stores.sessions().create(new Session("s-1", "acc-1", null, "app", t0, t0, t0.plusSeconds(60),
                    t0.plusSeconds(3600), null, null, null));
            stores.refreshTokens().issue("s-1", "h0", t0);
            stores.refreshTokens().rotate("h0", "h1", new byte[] {1, 2, 3}, t0.plusSeconds(1), Duration.ZERO);

            assertThat(stores.sessions().deleteExpired(t0.plusSeconds(60))).isEqualTo(1);

            assertThat(stores.refreshTokens().sessionOf("h0")).isEmpty();
            assertThat(stores.refreshTokens().sessionOf("h1")).isEmpty();
            assertThat(stores.refreshTokens().rotate("h1", "h2", new byte[] {4}, t0.plusSeconds(61),
                    Duration.ZERO)).isEqualTo(new RotationResult.NotFound());
        }
    }
}
