package dev.gatehouse.core.session;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of an account's sessions ends: the start time and id of its last session. The
 * next page holds the sessions that come after it in the listing order (newest first: start
 * time, then id, both descending).
 *
 * <p>A keyset, not an offset: sessions that start or end between two requests neither shift a
 * page nor make a session appear twice, and a store answers from its index without counting
 * past the rows before. Clients see it only {@linkplain #encode() encoded}, as an opaque string;
 * it holds nothing secret (a session id is a public identifier), and a cursor of another
 * account's list only pages through the caller's own sessions.
 *
 * @param createdAt when the last session of the page started, in milliseconds
 * @param id        that session's id
 */
public record SessionCursor(Instant createdAt, String id) {

    private static final String VERSION = "s1";
    /** Session ids are base64url; the id bound keeps a forged cursor from being large. */
    private static final Pattern SHAPE = Pattern.compile(VERSION + "\\.(\\d{1,15})\\.([A-Za-z0-9_-]{1,64})");
    private static final int MAX_ENCODED = 128;

    public SessionCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor just after {@code session}. */
    public static SessionCursor after(Session session) {
        return new SessionCursor(session.createdAt(), session.id());
    }

    /** Whether {@code session} comes after this cursor in the listing order. */
    public boolean precedes(Session session) {
        int byTime = session.createdAt().compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && session.id().compareTo(id) < 0);
    }

    /** The opaque form handed to clients: base64url, no padding. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (VERSION + "." + createdAt.toEpochMilli() + "." + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A cursor {@link #encode()} made.
     *
     * @throws InvalidInputException {@code invalid_cursor} for anything else
     */
    public static SessionCursor parse(String encoded) {
        if (encoded != null && encoded.length() <= MAX_ENCODED) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
                Matcher m = SHAPE.matcher(decoded);
                if (m.matches()) {
                    return new SessionCursor(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2));
                }
            } catch (IllegalArgumentException e) {
                // not base64url: reported below
            }
        }
        throw new InvalidInputException(ErrorCode.INVALID_CURSOR, "the cursor is not one this list handed out");
    }
}
