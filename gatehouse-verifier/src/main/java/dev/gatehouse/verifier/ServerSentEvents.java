package dev.gatehouse.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the {@code text/event-stream} format (the WHATWG HTML "server-sent events"
 * section), enough for the revocation stream: {@code id}, {@code event}, {@code data} (several
 * lines joined with newlines), comments, blank-line dispatch, and CR, LF or CRLF line ends.
 * Lines longer than {@value #MAX_LINE} characters end the stream: entries are small.
 */
final class ServerSentEvents {

    /** What the reader reports. */
    interface Listener {
        /** A complete event; {@code id} is null when the event set none. */
        void event(String id, String type, String data) throws IOException;

        /** Any line at all arrived, comments ({@code : keep-alive}) included: the stream is alive. */
        void alive();
    }

    static final int MAX_LINE = 64 * 1024;

    private final Reader in;
    private boolean lastWasCr;

    ServerSentEvents(InputStream in) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Reads until the stream ends. */
    void readAll(Listener listener) throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = line()) != null) {
            listener.alive();
            if (line.isEmpty()) {
                if (data != null) {
                    listener.event(id, type == null ? "message" : type, data.toString());
                }
                id = null;
                type = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields: nothing to do
                }
            }
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("event stream line longer than " + MAX_LINE + " characters");
            }
            sb.append((char) c);
        }
    }
}
