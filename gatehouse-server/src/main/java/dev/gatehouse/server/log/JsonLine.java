package dev.gatehouse.server.log;

/**
 * One JSON object on one line, written by hand: the access log writes one per request, and this
 * costs a single string builder. Strings are escaped so that no value can break the line or the
 * object (control characters, quotes, line separators).
 */
final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256).append('{');

    JsonLine field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quoted(value);
        }
        return this;
    }

    JsonLine field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    /** A duration in milliseconds with microsecond precision, for example {@code 0.125}. */
    JsonLine millis(String name, long nanos) {
        key(name);
        long micros = Math.max(0, nanos / 1000);
        out.append(micros / 1000).append('.');
        long fraction = micros % 1000;
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction);
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private void key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
    }

    private void quoted(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case (char) 0x2028 -> out.append("\\u2028");
                case (char) 0x2029 -> out.append("\\u2029");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
