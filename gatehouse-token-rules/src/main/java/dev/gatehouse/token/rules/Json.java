package dev.gatehouse.token.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader for headers, claims, key sets and feed entries.
 *
 * <p>Why not the JSON library Nimbus bundles: RFC 8725 §3.9 and RFC 7515 §5.2 want duplicate
 * member names refused, because two parsers that keep different duplicates see different
 * tokens; common parsers silently keep the last one. This reader also refuses trailing content,
 * unpaired surrogates and nesting deeper than {@value #MAX_DEPTH}, and keeps numbers exact as
 * {@link BigDecimal}. Objects come back as unmodifiable insertion-ordered maps.
 */
public final class Json {

    /** Thrown for any input that is not strict JSON. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_DEPTH = 16;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses a complete document whose top level must be an object. */
    public static Map<String, Object> parseObject(String text) throws JsonException {
        Json json = new Json(text);
        json.skipSpace();
        if (json.peek() != '{') {
            throw new JsonException("top level is not a JSON object");
        }
        Map<String, Object> result = json.object(0);
        json.skipSpace();
        if (json.pos != text.length()) {
            throw new JsonException("content after the JSON object at offset " + json.pos);
        }
        return result;
    }

    private Object value(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested deeper than " + MAX_DEPTH);
        }
        skipSpace();
        char c = peek();
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new JsonException("unexpected character at offset " + pos);
            }
        };
    }

    private Map<String, Object> object(int depth) throws JsonException {
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new JsonException("expected a member name at offset " + pos);
            }
            String name = string();
            skipSpace();
            expect(':');
            Object value = value(depth);
            if (members.containsKey(name)) {
                throw new JsonException("duplicate member name \"" + Messages.shown(name) + "\"");
            }
            members.put(name, value);
            skipSpace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                throw new JsonException("expected , or } at offset " + (pos - 1));
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        expect('[');
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            items.add(value(depth));
            skipSpace();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(items);
            }
            if (c != ',') {
                throw new JsonException("expected , or ] at offset " + (pos - 1));
            }
        }
    }

    private String string() throws JsonException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw new JsonException("control character in a string at offset " + (pos - 1));
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new JsonException("truncated \\u escape");
                    }
                    int unit = 0;
                    for (int i = pos; i < pos + 4; i++) { // exactly four hex digits: parseInt would take a sign
                        int digit = Character.digit(text.charAt(i), 16);
                        if (digit < 0 || text.charAt(i) > 'f') {
                            throw new JsonException("bad \\u escape at offset " + pos);
                        }
                        unit = unit * 16 + digit;
                    }
                    out.append((char) unit);
                    pos += 4;
                }
                default -> throw new JsonException("bad escape at offset " + (pos - 1));
            }
        }
        String s = out.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsonException("unpaired surrogate in a string");
            }
        }
        return s;
    }

    private BigDecimal number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        if (pos - start > 40) {
            throw new JsonException("number longer than 40 characters");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            // grammatical, but its exponent does not fit BigDecimal's int scale (found by JsonFuzzTest)
            throw new JsonException("number out of range at offset " + start);
        }
    }

    private void digits() throws JsonException {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw new JsonException("expected a digit at offset " + pos);
        }
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw new JsonException("unexpected character at offset " + pos);
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() throws JsonException {
        if (pos >= text.length()) {
            throw new JsonException("unexpected end of JSON");
        }
        return text.charAt(pos);
    }

    private char next() throws JsonException {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) throws JsonException {
        if (next() != c) {
            throw new JsonException("expected '" + c + "' at offset " + (pos - 1));
        }
    }
}
