package dev.gatehouse.core.session;

import java.util.List;

/**
 * One page of an account's active sessions, newest first.
 *
 * <p>It carries no total: counting an account's active sessions means reading each of them in a
 * store that keeps sessions apart (Redis), and {@link SessionPolicy#maxPerAccount()} already
 * says how many there can be, so the first page at that size is the whole list.
 *
 * @param sessions the sessions of this page
 * @param next     the {@linkplain SessionCursor#encode() encoded cursor} of the next page, or
 *                 null when this is the last one
 */
public record SessionPage(List<Session> sessions, String next) {

    public SessionPage {
        sessions = List.copyOf(sessions);
    }
}
