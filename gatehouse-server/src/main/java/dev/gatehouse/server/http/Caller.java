package dev.gatehouse.server.http;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.Session;

/** Who is making a request: the account and the session that proves it. */
public record Caller(Account account, Session session) {
}
