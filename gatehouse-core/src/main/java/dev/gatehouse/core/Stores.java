package dev.gatehouse.core;

import dev.gatehouse.core.account.AccountStore;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.memory.InMemoryAccountStore;
import dev.gatehouse.core.memory.InMemoryAuditLog;
import dev.gatehouse.core.memory.InMemorySessionStore;
import dev.gatehouse.core.session.SessionStore;

/**
 * The set of storage ports one Gatehouse instance uses, and what to close when it stops.
 *
 * @param accounts accounts and password hashes
 * @param sessions sessions
 * @param audit    audit events
 * @param closer   releases connections and files; called once on shutdown
 */
public record Stores(AccountStore accounts, SessionStore sessions, AuditLog audit, Runnable closer)
        implements AutoCloseable {

    /** Stores that keep everything in memory and lose it on exit. For tests. */
    public static Stores inMemory() {
        return new Stores(new InMemoryAccountStore(), new InMemorySessionStore(), new InMemoryAuditLog(), () -> { });
    }

    @Override
    public void close() {
        closer.run();
    }
}
