package dev.gatehouse.core.audit;

import dev.gatehouse.core.account.Account;
import java.util.Objects;

/**
 * Who performed an administrative action, as the audit log names them.
 *
 * <p>An administrator is named by account id and username both: the id because it is never
 * reused, the name so that a reader of the log (or of its JSON lines) does not have to look it
 * up. Actions taken without a signed-in administrator (the command line, code embedding
 * Gatehouse, scheduled housekeeping) are named by a fixed word and have no id.
 *
 * @param accountId the administrator's account id, or null for {@link #COMMAND_LINE} and {@link #SCHEDULE}
 * @param name      the administrator's username, or the fixed word
 */
public record Actor(String accountId, String name) {

    /** Someone with access to the store itself: the {@code gatehouse} command, or a program embedding Gatehouse. */
    public static final Actor COMMAND_LINE = new Actor(null, "command-line");
    /** Gatehouse's own housekeeping (scheduled key rotation). */
    public static final Actor SCHEDULE = new Actor(null, "schedule");

    public Actor {
        Objects.requireNonNull(name, "name");
    }

    /** An administrator acting through the admin API or pages. */
    public static Actor admin(Account account) {
        return new Actor(account.id(), account.username());
    }

    /** Whether this actor is the signed-in account {@code accountId}. */
    public boolean is(String otherAccountId) {
        return accountId != null && accountId.equals(otherAccountId);
    }
}
