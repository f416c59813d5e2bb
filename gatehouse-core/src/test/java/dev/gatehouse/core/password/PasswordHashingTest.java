package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.error.BusyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    private static final Argon2idHasher CHEAP = new Argon2idHasher(new Argon2Cost(64, 1, 1));
    /** Slow enough (tens of milliseconds) that callers released together overlap. */
    private static final Argon2idHasher SLOW = new Argon2idHasher(new Argon2Cost(32768, 2, 1));

    @Test
    void a_hash_made_through_the_pool_verifies_through_the_pool() {
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 2, 4)) {
            String phc = hashing.hash("correct horse");

            assertThat(phc).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
            assertThat(hashing.verify("correct horse", phc)).isTrue();
            assertThat(hashing.verify("correct horsf", phc)).isFalse();
            assertThat(hashing.rejections()).isZero();
            assertThat(hashing.queued()).isZero();
        }
    }

    @Test
    void hashes_run_on_threads_of_the_lowest_cpu_priority() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        assumeTrue(Files.isDirectory(tasks) || System.getenv("CI") != null, "no /proc/self/task: not Linux");
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 1, 0)) {
            hashing.hash("correct horse"); // the thread exists, and lowered itself before its first hash

            List<Integer> niceOfHashingThreads = new ArrayList<>();
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : threads.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(thread.resolve("stat"));
                    } catch (NoSuchFileException ended) {
                        continue; // a thread (of an earlier test's pool, say) ended since the listing
                    }
                    // "tid (comm) state ...": fields after the comm; nice is field 19 of the whole line
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("gatehouse-hash")) {
                        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        niceOfHashingThreads.add(Integer.parseInt(after[16]));
                    }
                }
            }
            assertThat(niceOfHashingThreads).isNotEmpty().containsOnly(19);
        }
    }

    @Test
    void the_hasher_is_the_one_it_was_given() {
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 1, 0)) {
            assertThat(hashing.hasher()).isSameAs(CHEAP);
        }
    }

    @Test
    void passwords_are_normalised_before_hashing_and_verifying() {
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 1, 1)) {
            String phc = hashing.hash("Zoe\u0308 \uFF53ecret");

            assertThat(hashing.verify("Zo\u00EB secret", phc)).isTrue();
            assertThat(CHEAP.verify("Zo\u00EB secret", phc)).isTrue();
            assertThat(CHEAP.verify("Zoe\u0308 \uFF53ecret", phc)).isFalse();
        }
    }

    @Test
    void callers_beyond_the_threads_and_the_queue_are_refused_at_once_as_busy() throws Exception {
        int callers = 6;
        try (PasswordHashing hashing = new PasswordHashing(SLOW, 1, 0)) {
            List<Object> outcomes = runTogether(callers, () -> hashing.hash("correct horse"));

            List<BusyException> refused = outcomes.stream()
                    .filter(BusyException.class::isInstance).map(BusyException.class::cast).toList();
            List<Object> hashed = outcomes.stream().filter(String.class::isInstance).toList();
            assertThat(refused).as("refused callers").isNotEmpty();
            assertThat(hashed).as("callers that got a hash").isNotEmpty();
            assertThat(refused.size() + hashed.size()).as("every caller either hashed or was refused").isEqualTo(callers);
            assertThat(refused).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo("busy");
                assertThat(e.retryAfter()).isPositive();
                assertThat(e.getMessage()).isEqualTo("too many sign-ins at once; try again shortly");
            });
            assertThat(hashing.rejections()).isEqualTo(refused.size());
        }
    }

    @Test
    void verifying_is_refused_as_busy_like_hashing() throws Exception {
        int callers = 6;
        try (PasswordHashing hashing = new PasswordHashing(SLOW, 1, 0)) {
            String phc = CHEAP.hash("correct horse");
            List<Object> outcomes = runTogether(callers, () -> hashing.verify("correct horse", phc));

            long refused = outcomes.stream().filter(BusyException.class::isInstance).count();
            assertThat(refused).isPositive();
            assertThat(outcomes).filteredOn(Boolean.class::isInstance).isNotEmpty().containsOnly(true);
            assertThat(hashing.rejections()).isEqualTo(refused);
        }
    }

    @Test
    void callers_that_fit_in_the_queue_wait_instead_of_being_refused() throws Exception {
        int callers = 6;
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 1, callers - 1)) {
            List<Object> outcomes = runTogether(callers, () -> hashing.hash("correct horse"));

            assertThat(outcomes).hasSize(callers).allSatisfy(o -> assertThat(o).isInstanceOf(String.class));
            assertThat(hashing.rejections()).isZero();
        }
    }

    @Test
    void a_flood_from_one_client_is_refused_past_its_share_while_another_client_still_gets_a_hash() throws Exception {
        // five places (one thread, four waiting); one client may hold a quarter of them: one
        try (PasswordHashing hashing = new PasswordHashing(SLOW, 1, 4)) {
            assertThat(hashing.share()).isEqualTo(1);
            ExecutorService flood = Executors.newFixedThreadPool(12);
            try {
                List<Future<Object>> floodOutcomes = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    floodOutcomes.add(flood.submit(() -> {
                        try {
                            return hashing.hash("guess", "192.0.2.66");
                        } catch (BusyException e) {
                            return e;
                        }
                    }));
                }
                while (hashing.rejections() == 0) {
                    Thread.onSpinWait(); // the flood has asked for more than its share
                }

                assertThat(hashing.hash("correct horse", "198.51.100.7")).startsWith("$argon2id$");
                List<Object> outcomes = new ArrayList<>();
                for (Future<Object> f : floodOutcomes) {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(outcomes).filteredOn(BusyException.class::isInstance).isNotEmpty()
                        .allSatisfy(e -> assertThat(((BusyException) e).code()).isEqualTo("busy"));
            } finally {
                flood.shutdownNow();
            }
        }
    }

    @Test
    void a_client_hashing_one_after_another_gets_its_place_back_each_time() {
        // a share of one place; a queue of one, since with none a hash may find the thread not yet waiting
        try (PasswordHashing hashing = new PasswordHashing(CHEAP, 1, 1)) {
            assertThat(hashing.share()).isEqualTo(1);
            for (int i = 0; i < 50; i++) {
                assertThat(hashing.verify("correct horse", CHEAP.hash("correct horse"), "192.0.2.1")).isTrue();
            }
            assertThat(hashing.rejections()).isZero();
        }
    }

    @Test
    void a_client_may_hold_a_quarter_of_the_threads_and_queue_together_and_at_least_one_place() {
        try (PasswordHashing small = new PasswordHashing(CHEAP, 1, 0);
             PasswordHashing large = new PasswordHashing(CHEAP, 8, 64)) {
            assertThat(small.share()).isEqualTo(1);
            assertThat(large.share()).isEqualTo(18);
        }
    }

    @Test
    void fewer_than_one_thread_is_refused() {
        assertThatThrownBy(() -> new PasswordHashing(CHEAP, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing threads must be at least 1, got 0");
    }

    @Test
    void a_negative_queue_is_refused() {
        assertThatThrownBy(() -> new PasswordHashing(CHEAP, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing queue must be 0 or more, got -1");
    }

    /** Runs {@code work} on {@code count} threads released at the same moment; returns results or exceptions. */
    private static List<Object> runTogether(int count, java.util.concurrent.Callable<?> work) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(callers.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return work.call();
                    } catch (BusyException e) {
                        return e;
                    }
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            callers.shutdownNow();
        }
    }
}
