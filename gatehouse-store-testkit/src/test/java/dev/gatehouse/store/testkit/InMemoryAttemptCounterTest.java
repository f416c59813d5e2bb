package dev.gatehouse.store.testkit;

import dev.gatehouse.core.memory.InMemoryAttemptCounter;
import dev.gatehouse.core.throttle.AttemptCounter;

/** Runs the contract against the in-memory reference implementation, so the suite itself is checked. */
class InMemoryAttemptCounterTest extends AttemptCounterContract {

    @Override
    protected AttemptCounter newCounter() {
        return new InMemoryAttemptCounter();
    }
}
