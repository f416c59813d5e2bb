package dev.gatehouse.store.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationNotices;
import dev.gatehouse.core.revocation.RevocationNotices.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RevocationNotices} must do. A backend passes by extending this class and
 * returning fresh, empty stores from {@link #newStores()}; a backend that nodes share extends
 * {@link SharedRevocationNoticesContract} instead, which also checks the notices between nodes.
 *
 * <p>The suite checks that appending through a store's own {@code RevocationLog} is what
 * produces the notice (no caller announces anything), that it reaches subscribers of every node
 * sharing the backend and only those, any number of them, each on its own. It never asserts a
 * delay: a notice is awaited for seconds, and the absence of one is checked only after a notice
 * that was sent later has arrived, plus a short grace.
 */
public abstract class RevocationNoticesContract {

    private static final Instant T0 = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final long WAIT_SECONDS = 10;
    /** After a later notice arrived: how long an earlier one that should not come is given anyway. */
    private static final long GRACE_MILLIS = 200;

    /** The stores of this test, from {@link #newStores()}. */
    protected Stores stores;

    /** Fresh stores, empty, on a backend of their own; used by one test and closed after it. */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
    }

    @AfterEach
    void closeStores() {
        // Null when newStores() failed or skipped the test: report that, not a NullPointerException.
        if (stores != null) {
            stores.close();
        }
    }

    protected static Revocation append(Stores on, String sessionId) {
        return on.revocations().append(RevocationKind.SESSION, sessionId, T0, T0.plus(TTL));
    }

    protected static Long next(BlockingQueue<Long> heard) throws InterruptedException {
        return heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Long nextWithinGrace(BlockingQueue<Long> heard) throws InterruptedException {
        return heard.poll(GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void an_append_through_these_stores_is_noticed_with_its_sequence_number() throws Exception {
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (Subscription ignored = stores.revocationNotices().subscribe(heard::add)) {
            Revocation first = append(stores, "s-1");
            Revocation second = append(stores, "s-2");

            assertThat(next(heard)).isEqualTo(first.seq());
            assertThat(next(heard)).isEqualTo(second.seq());
        }
    }

    @Test
    void every_listener_hears_each_append() throws Exception {
        BlockingQueue<Long> first = new LinkedBlockingQueue<>();
        BlockingQueue<Long> second = new LinkedBlockingQueue<>();
        BlockingQueue<Long> third = new LinkedBlockingQueue<>();
        try (Subscription a = stores.revocationNotices().subscribe(first::add);
             Subscription b = stores.revocationNotices().subscribe(second::add);
             Subscription c = stores.revocationNotices().subscribe(third::add)) {
            Revocation appended = append(stores, "s-1");

            assertThat(next(first)).isEqualTo(appended.seq());
            assertThat(next(second)).isEqualTo(appended.seq());
            assertThat(next(third)).isEqualTo(appended.seq());
        }
    }

    @Test
    void a_closed_subscription_hears_nothing_more_while_the_others_still_do() throws Exception {
        BlockingQueue<Long> closing = new LinkedBlockingQueue<>();
        BlockingQueue<Long> staying = new LinkedBlockingQueue<>();
        try (Subscription stays = stores.revocationNotices().subscribe(staying::add)) {
            Subscription closes = stores.revocationNotices().subscribe(closing::add);
            Revocation before = append(stores, "s-1");
            assertThat(next(closing)).isEqualTo(before.seq());
            assertThat(next(staying)).isEqualTo(before.seq());

            closes.close();
            closes.close(); // a second close does nothing
            Revocation after = append(stores, "s-2");

            assertThat(next(staying)).isEqualTo(after.seq());
            assertThat(nextWithinGrace(closing)).as("a notice after the subscription was closed").isNull();
        }
    }

    @Test
    void the_same_listener_subscribed_twice_hears_twice_until_each_subscription_is_closed() throws Exception {
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        RevocationNotices.Listener listener = heard::add;
        try (Subscription first = stores.revocationNotices().subscribe(listener)) {
            Subscription second = stores.revocationNotices().subscribe(listener);
            Revocation both = append(stores, "s-1");
            assertThat(next(heard)).isEqualTo(both.seq());
            assertThat(next(heard)).isEqualTo(both.seq());

            second.close();
            Revocation once = append(stores, "s-2");
            assertThat(next(heard)).isEqualTo(once.seq());
            assertThat(nextWithinGrace(heard)).as("a notice through the closed subscription").isNull();
        }
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_others_nor_its_own_next_notices() throws Exception {
        BlockingQueue<Long> heardBeforeThrowing = new LinkedBlockingQueue<>();
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (Subscription failing = stores.revocationNotices().subscribe(seq -> {
                heardBeforeThrowing.add(seq);
                throw new IllegalStateException("a listener's bug");
            });
             Subscription working = stores.revocationNotices().subscribe(heard::add)) {
            Revocation first = append(stores, "s-1");
            Revocation second = append(stores, "s-2");

            assertThat(next(heard)).isEqualTo(first.seq());
            assertThat(next(heard)).isEqualTo(second.seq());
            assertThat(next(heardBeforeThrowing)).isEqualTo(first.seq());
            assertThat(next(heardBeforeThrowing)).as("still subscribed after throwing").isEqualTo(second.seq());
        }
    }

    @Test
    void appends_to_other_stores_are_not_noticed() throws Exception {
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (Stores elsewhere = newStores();
             Subscription ignored = stores.revocationNotices().subscribe(heard::add)) {
            append(elsewhere, "elsewhere-1");
            append(elsewhere, "elsewhere-2");
            Revocation here = append(stores, "s-1");

            // Each backend numbers from 1: a notice from elsewhere would show as a 1 too many or a 2.
            assertThat(next(heard)).isEqualTo(here.seq());
            assertThat(nextWithinGrace(heard)).as("a notice of an append elsewhere").isNull();
        }
    }
}
