package dev.gatehouse.core.account;

import java.util.List;

/**
 * One page of an account search.
 *
 * @param accounts the accounts, ordered by username key
 * @param next     the cursor of the next page, or null when this is the last one; opaque to
 *                 callers, who hand it back as it is
 */
public record AccountPage(List<Account> accounts, String next) {

    public AccountPage {
        accounts = List.copyOf(accounts);
    }
}
