package dev.gatehouse.server.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.memory.InMemoryRevocationLog;
import dev.gatehouse.core.revocation.InProcessRevocationNotices;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import dev.gatehouse.core.revocation.Revocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One store reader per node serves every follower of the revocation feed. */
class RevocationFeedReaderTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String READER = "gatehouse-revocation-reader";

    /** The store's log itself: an append here is one no notice announces, like another process's. */
    final InMemoryRevocationLog stored = new InMemoryRevocationLog();
    final InProcessRevocationNotices notices = new InProcessRevocationNotices();
    final CountingLog log = new CountingLog(notices.announcing(stored));
    final Revocations revocations = new Revocations(log, Duration.ofMinutes(10), Duration.ofSeconds(60),
            Clock.fixed(NOW, ZoneOffset.UTC));
    RevocationFeed feed;

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void five_hundred_followers_are_served_from_one_reader_that_reads_the_store_about_once_per_append_or_poll()
            throws Exception {
        feed = new RevocationFeed(revocations, notices);
        int followers = 500;
        int appends = 20;
        List<List<Long>> received = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int f = 0; f < followers; f++) {
            List<Long> mine = new ArrayList<>();
            received.add(mine);
            threads.add(Thread.ofVirtual().start(() -> follow(mine, appends)));
        }
        for (int i = 0; i < appends; i++) {
            revocations.session("s" + i);
            Thread.sleep(10);
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        List<Long> all = LongStream.rangeClosed(1, appends).boxed().toList();
        assertThat(received).allSatisfy(r -> assertThat(r).isEqualTo(all));
        assertThat(log.followerReads()).as("store reads by followers").isZero();
        // the reader reads once per signal and once per poll; each follower reading would be >= 500
        assertThat(log.readerReads()).as("store reads by the reader over " + elapsedMillis + " ms")
                .isLessThanOrEqualTo((int) (appends + elapsedMillis / RevocationFeed.POLL_MILLIS + 2));
    }

    @Test
    void a_follower_resuming_from_before_the_window_reads_the_store_until_it_reaches_the_window() throws Exception {
        feed = new RevocationFeed(revocations, notices, 10);
        awaitStarted();
        for (int i = 0; i < 30; i++) {
            revocations.token("t" + i, NOW.plusSeconds(60));
        }
        awaitRead(30);

        List<Revocation> older = feed.awaitAfter(0, Duration.ofSeconds(5));
        assertThat(older).extracting(Revocation::seq).isEqualTo(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(log.followerReads()).isEqualTo(1);

        assertThat(feed.awaitAfter(25, Duration.ofSeconds(5))).extracting(Revocation::seq).containsExactly(26L, 27L,
                28L, 29L, 30L);
        assertThat(feed.awaitAfter(30, Duration.ofMillis(50))).isEmpty();
        assertThat(log.followerReads()).as("the window serves everything after 20").isEqualTo(1);
    }

    @Test
    void an_entry_another_node_appended_without_a_notice_arrives_with_the_poll() throws Exception {
        feed = new RevocationFeed(revocations, notices);
        awaitStarted();
        stored.append(RevocationKind.ACCOUNT, "a1", NOW, NOW.plusSeconds(60)); // announced to no one
        assertThat(feed.awaitAfter(0, Duration.ofSeconds(5))).extracting(Revocation::id).containsExactly("a1");
        assertThat(log.followerReads()).isZero();
    }

    @Test
    void closing_the_feed_ends_every_wait() throws Exception {
        feed = new RevocationFeed(revocations, notices);
        @SuppressWarnings("unchecked")
        List<Revocation>[] got = new List[1];
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                got[0] = feed.awaitAfter(0, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(50);
        feed.close();
        follower.join(Duration.ofSeconds(5));
        assertThat(follower.isAlive()).isFalse();
        assertThat(got[0]).isEmpty();
    }

    private void follow(List<Long> into, int count) {
        long seq = 0;
        try {
            while (into.size() < count) {
                for (Revocation r : feed.awaitAfter(seq, Duration.ofSeconds(10))) {
                    into.add(r.seq());
                    seq = r.seq();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStarted() throws InterruptedException {
        awaitRead(0);
    }

    /** Until the reader has read up to {@code seq}. */
    private void awaitRead(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.readerReads() == 0 || feed.lastSeq() < seq) {
            assertThat(System.nanoTime()).as("the reader reads up to " + seq).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A log that counts reads of entries, by the feed's reader and by anyone else. */
    static final class CountingLog implements RevocationLog {
        private final RevocationLog log;
        private final AtomicInteger readerReads = new AtomicInteger();
        private final AtomicInteger followerReads = new AtomicInteger();

        CountingLog(RevocationLog log) {
            this.log = log;
        }

        int readerReads() {
            return readerReads.get();
        }

        int followerReads() {
            return followerReads.get();
        }

        @Override
        public Revocation append(RevocationKind kind, String id, Instant revokedAt, Instant forgetAfter) {
            return log.append(kind, id, revokedAt, forgetAfter);
        }

        @Override
        public List<Revocation> after(long afterSeq, int limit) {
            (READER.equals(Thread.currentThread().getName()) ? readerReads : followerReads).incrementAndGet();
            return log.after(afterSeq, limit);
        }

        @Override
        public Optional<Revocation> find(RevocationKind kind, String id, Instant now) {
            return log.find(kind, id, now);
        }

        @Override
        public long lastSeq() {
            return log.lastSeq();
        }

        @Override
        public int deleteForgotten(Instant now) {
            return log.deleteForgotten(now);
        }
    }
}
