package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Stores;
import dev.gatehouse.core.account.AccountStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Readiness probes against a store that hangs: bounded, shared, one query in flight per store. */
class ReadinessTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** An account store whose lookups hang until released, ignoring interrupts like a stuck driver. */
    private static final class HangingAccounts {
        final AtomicInteger lookups = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final AccountStore store;

        HangingAccounts(AccountStore real) {
            store = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                    new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("findById")) {
                            lookups.incrementAndGet();
                            while (true) {
                                try {
                                    if (release.await(10, TimeUnit.SECONDS)) {
                                        break;
                                    }
                                } catch (InterruptedException ignored) {
                                    // a driver stuck in a socket read does not always answer an interrupt
                                }
                            }
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private static Stores with(AccountStore accounts) {
        Stores s = Stores.inMemory();
        return new Stores(accounts, s.sessions(), s.audit(), s.keys(), s.clients(), s.refreshTokens(), s.revocations(),
                s.revocationNotices(), s.attempts(), s.factors(), s.oauth(), s.closer());
    }

    @Test
    void concurrent_probes_of_a_hanging_store_share_one_bounded_round_and_one_query() throws Exception {
        HangingAccounts accounts = new HangingAccounts(Stores.inMemory().accounts());
        Readiness readiness = new Readiness(with(accounts.store), TIMEOUT);

        List<Readiness.Report> reports = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Readiness.Report>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    answers.add(probes.submit(readiness::check));
                }
                for (Future<Readiness.Report> answer : answers) {
                    reports.add(answer.get(5, TimeUnit.SECONDS)); // bounded, never the store's 10 s
                }
            }
        }

        assertThat(reports).hasSize(60).allSatisfy(report -> {
            assertThat(report.ready()).isFalse();
            assertThat(report.checks()).containsEntry("accounts", "timeout").containsEntry("sessions", "up")
                    .containsEntry("revocations", "up").containsEntry("keys", "up");
        });
        assertThat(accounts.lookups).as("one query in flight, however many probes").hasValue(1);

        accounts.release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Readiness.Report after = readiness.check();
        while (!after.ready() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            after = readiness.check();
        }
        assertThat(after.ready()).as("the store answers again").isTrue();
        assertThat(after.checks().keySet()).containsExactly("accounts", "sessions", "revocations", "keys");
    }
}
