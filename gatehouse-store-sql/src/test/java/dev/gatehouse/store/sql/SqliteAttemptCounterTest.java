package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.throttle.AttemptCounter;
import dev.gatehouse.store.testkit.AttemptCounterContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract against the embedded SQLite store, a new database file per test. */
class SqliteAttemptCounterTest extends AttemptCounterContract {

    @TempDir
    Path dataDirectory;

    private Stores stores;

    @Override
    protected AttemptCounter newCounter() {
        stores = SqliteStores.open(dataDirectory);
        return stores.attempts();
    }

    @Override
    protected void closeCounter() {
        stores.close();
    }

    @Test
    void maintenance_deletes_the_windows_that_have_ended_and_only_those() throws Exception {
        AttemptCounter counter = stores.attempts();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        counter.increment("login:ended", Duration.ofMinutes(1), t0);
        counter.increment("login:open", Duration.ofMinutes(10), t0);

        assertThat(counter.deleteEnded(t0.plus(Duration.ofMinutes(2)))).isEqualTo(1);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve(SqliteStores.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery("SELECT attempt_key FROM attempts ORDER BY attempt_key")) {
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
            assertThat(keys).containsExactly("login:open");
        }
        assertThat(counter.increment("login:open", Duration.ofMinutes(10), t0.plusSeconds(1))).isEqualTo(2);
    }
}
