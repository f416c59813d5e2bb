package dev.gatehouse.store.sql;

import dev.gatehouse.core.Stores;
import dev.gatehouse.store.testkit.TestPostgres.Schema;

/** PostgreSQL stores for tests, each in a fresh schema of the shared test database (see the testkit's TestPostgres). */
final class TestPostgres {

    static final String URL = dev.gatehouse.store.testkit.TestPostgres.URL;
    static final String USER = dev.gatehouse.store.testkit.TestPostgres.USER;

    private TestPostgres() {
    }

    static void require() {
        dev.gatehouse.store.testkit.TestPostgres.require();
    }

    static void skipOrFail(String reason, boolean ci) {
        dev.gatehouse.store.testkit.TestPostgres.skipOrFail(reason, ci);
    }

    static void execute(String sql) {
        dev.gatehouse.store.testkit.TestPostgres.execute(sql);
    }

    static Schema newSchema() {
        return dev.gatehouse.store.testkit.TestPostgres.newSchema();
    }

    /** Opens stores in a schema (migrating it), as a node would. */
    static Stores open(Schema schema) {
        return PostgresStores.open(schema.url(), USER, null);
    }

    /** Fresh, empty stores in a schema of their own, dropped when the stores close. */
    static Stores freshStores() {
        return freshStores(newSchema());
    }

    /** Stores in this new schema, which is dropped when the stores close. */
    static Stores freshStores(Schema schema) {
        Stores stores;
        try {
            stores = open(schema);
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
        return new Stores(stores.accounts(), stores.sessions(), stores.audit(), stores.keys(), stores.clients(),
                stores.refreshTokens(), stores.revocations(), stores.revocationNotices(), stores.attempts(), stores.factors(), stores.oauth(), () -> {
                    try {
                        stores.close();
                    } finally {
                        schema.close();
                    }
                });
    }
}
