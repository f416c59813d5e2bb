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
}
