package dev.gatehouse.verifier;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for background work (feed, key refresh) with a generous bound; tests never assert timings. */
final class Await {

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("timed out after 15 s waiting for " + what);
    }

    static boolean refused(GatehouseVerifier verifier, String token, Class<? extends TokenRejectedException> type) {
        try {
            verifier.verify(token);
            return false;
        } catch (TokenRejectedException e) {
            return type.isInstance(e);
        }
    }
}
