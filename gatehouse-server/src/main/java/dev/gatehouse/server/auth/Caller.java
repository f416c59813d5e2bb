package dev.gatehouse.server.auth;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.token.AccessTokenClaims;

/**
 * Who is making a request: the account and the session that proves it.
 *
 * @param token the verified access token when the request came with one (header or SPA cookie);
 *              null for the session cookie
 */
public record Caller(Account account, Session session, AccessTokenClaims token) {

    public Caller(Account account, Session session) {
        this(account, session, null);
    }
}
