package dev.gatehouse.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.store.testkit.TestPostgres;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Appends through one pool are heard, as they commit, by a follower of the same schema only. */
class PostgresRevocationNoticesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void an_append_by_another_node_is_heard_with_its_number_and_other_schemas_are_not() throws Exception {
        try (TestPostgres.Schema schema = TestPostgres.newSchema();
             TestPostgres.Schema elsewhere = TestPostgres.newSchema();
             Stores node = PostgresStores.open(schema.url(), TestPostgres.USER, null);
             Stores otherSchema = PostgresStores.open(elsewhere.url(), TestPostgres.USER, null)) {
            BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
            try (AutoCloseable following = PostgresRevocationNotices.of(schema.url(), TestPostgres.USER, null)
                    .follow(heard::add)) {
                awaitListening(node, heard);

                otherSchema.revocations().append(RevocationKind.SESSION, "sid-elsewhere", NOW, NOW.plusSeconds(60));
                Revocation appended = node.revocations().append(RevocationKind.SESSION, "sid-1", NOW, NOW.plusSeconds(60));

                assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(appended.seq());
                assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
            }
            // closed: nothing more is delivered
            node.revocations().append(RevocationKind.SESSION, "sid-2", NOW, NOW.plusSeconds(60));
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** The follower connects on a thread of its own: append until it hears, then forget what it heard. */
    private static void awaitListening(Stores node, BlockingQueue<Long> heard) throws InterruptedException {
        for (int i = 0; i < 50 && heard.isEmpty(); i++) {
            node.revocations().append(RevocationKind.SESSION, "warm-up-" + i, NOW, NOW.plusSeconds(60));
            Thread.sleep(100);
        }
        assertThat(heard).as("the follower never heard an append").isNotEmpty();
        Thread.sleep(200);
        heard.clear();
    }
}
