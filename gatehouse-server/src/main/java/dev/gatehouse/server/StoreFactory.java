package dev.gatehouse.server;

import dev.gatehouse.core.Stores;
import dev.gatehouse.server.config.StoreSettings;
import dev.gatehouse.store.sql.PostgresStores;
import dev.gatehouse.store.sql.SqliteStores;

/** Opens the stores the settings choose: one place that knows every backend. */
final class StoreFactory {

    private StoreFactory() {
    }

    static Stores open(StoreSettings settings) {
        Stores sql = switch (settings.backend()) {
            case SQLITE -> SqliteStores.open(settings.dataDirectory());
            case POSTGRES -> PostgresStores.open(settings.postgresUrl(), blankToNull(settings.postgresUser()),
                    blankToNull(settings.postgresPassword()));
        };
        return sql;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
