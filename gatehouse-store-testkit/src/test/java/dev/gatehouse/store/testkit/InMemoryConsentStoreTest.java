package dev.gatehouse.store.testkit;

import dev.gatehouse.core.Stores;

/** Runs the contract against the in-memory reference implementation, so the suite itself is checked. */
class InMemoryConsentStoreTest extends ConsentStoreContract {

    @Override
    protected Stores newStores() {
        return Stores.inMemory();
    }
}
