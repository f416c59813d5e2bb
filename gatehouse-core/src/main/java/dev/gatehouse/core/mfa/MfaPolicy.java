package dev.gatehouse.core.mfa;

import dev.gatehouse.core.account.Account;

/** Which accounts must have a second factor (setting {@code mfa.required}). */
public enum MfaPolicy {
    /** Second factors are each account's choice. */
    NONE,
    /** Accounts with the admin role must have one. */
    ADMIN,
    /** Every account must have one. */
    ALL;

    /** Whether this account must have a second factor. */
    public boolean requires(Account account) {
        return switch (this) {
            case NONE -> false;
            case ADMIN -> account.isAdmin();
            case ALL -> true;
        };
    }
}
