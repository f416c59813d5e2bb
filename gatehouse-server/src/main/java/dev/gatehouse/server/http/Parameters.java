package dev.gatehouse.server.http;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.util.Optional;

/** Numbers from query parameters and headers, refused with {@code invalid_parameter} when out of shape or range. */
public final class Parameters {

    private Parameters() {
    }

    /** {@code value} as a whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    public static long number(Optional<String> value, String name, long fallback, long min, long max) {
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "parameter '" + name + "' must be a number from "
                + min + " to " + max);
    }

    /**
     * {@code value} as an instant, ISO-8601 with an offset ({@code 2026-12-01T09:00:00Z}), or null
     * when absent.
     */
    public static java.time.Instant instant(Optional<String> value, String name) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.get().strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "parameter '" + name
                    + "' must be a time such as 2026-12-01T09:00:00Z");
        }
    }
}
