package dev.gatehouse.server.http;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code application/x-www-form-urlencoded} request bodies: HTML forms and the OAuth endpoints. */
public final class Forms {

    private Forms() {
    }

    /**
     * The fields of a form body.
     *
     * @throws InvalidInputException {@code unsupported_media_type} for another content type;
     *                               {@code duplicate_parameter} when a field appears twice (RFC 6749 §3.2 forbids it)
     */
    public static Map<String, String> read(ServerRequest req) {
        byte[] body = Bodies.read(req, "application/x-www-form-urlencoded");
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> fields = new HashMap<>();
        Set<String> repeated = new HashSet<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = decode(eq < 0 ? pair : pair.substring(0, eq));
                value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            } catch (IllegalArgumentException malformed) {
                throw new InvalidInputException(ErrorCode.MALFORMED_FORM, "the form body is not well-formed");
            }
            if (fields.putIfAbsent(name, value) != null) {
                repeated.add(name);
            }
        }
        if (!repeated.isEmpty()) {
            throw new InvalidInputException(ErrorCode.DUPLICATE_PARAMETER, "parameter '" + repeated.iterator().next()
                    + "' appears more than once");
        }
        return fields;
    }

    /**
     * A form-encoded value decoded. Tokens, the bulk of what the OAuth endpoints receive, need no
     * decoding, and the JDK's decoder copies them character by character anyway (a visible share
     * of an introspection's CPU, see docs/benchmarks.md, "What the last round of profiling
     * changed"), so a value without escapes is returned as it is.
     */
    private static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
