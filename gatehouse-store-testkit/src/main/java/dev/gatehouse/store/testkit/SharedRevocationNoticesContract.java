package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationNotices.Subscription;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * {@link RevocationNoticesContract} for a backend that nodes share (PostgreSQL, Redis, Redis
 * Cluster): an append by any node is noticed by every node's subscribers.
 */
public abstract class SharedRevocationNoticesContract extends RevocationNoticesContract {

    /**
     * Stores of a second node on the backend of the stores {@link #newStores()} returned last (the
     * same schema or key prefix), closed by the test.
     */
    protected abstract Stores anotherNode();

    @Test
    void an_append_by_another_node_sharing_the_backend_is_noticed_with_its_sequence_number() throws Exception {
        try (Stores node = anotherNode()) {
            BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
            BlockingQueue<Long> heardThere = new LinkedBlockingQueue<>();
            try (Subscription here = stores.revocationNotices().subscribe(heard::add);
                 Subscription there = node.revocationNotices().subscribe(heardThere::add)) {
                Revocation byOther = append(node, "s-1");
                Revocation byThis = append(stores, "s-2");

                assertThat(next(heard)).as("this node hears the other's append").isEqualTo(byOther.seq());
                assertThat(next(heard)).isEqualTo(byThis.seq());
                assertThat(next(heardThere)).isEqualTo(byOther.seq());
                assertThat(next(heardThere)).as("the other node hears this one's append").isEqualTo(byThis.seq());
            }
        }
    }
}
