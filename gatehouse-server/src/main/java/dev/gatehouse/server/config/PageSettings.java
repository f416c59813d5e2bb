package dev.gatehouse.server.config;

import java.time.Duration;
import java.util.List;

/**
 * What the browser pages need to know.
 *
 * @param returnOrigins origins besides Gatehouse's own that sign-in may return to, lower case
 * @param reauthAfter   how old the last password entry may be for a sensitive admin action
 */
public record PageSettings(List<String> returnOrigins, Duration reauthAfter) {

    public PageSettings {
        returnOrigins = List.copyOf(returnOrigins);
    }
}
