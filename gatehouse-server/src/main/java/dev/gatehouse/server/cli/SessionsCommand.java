package dev.gatehouse.server.cli;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.server.Gatehouse;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse sessions revoke --account NAME}: end every session of an account. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Manage sessions.")
final class SessionsCommand extends StoreCommand {

    SessionsCommand(Map<String, String> env, InputStream in) {
        super(env, in);
    }

    @Command(name = "revoke", description = "End every session of an account.")
    int revoke(@Option(names = "--account", required = true, paramLabel = "NAME") String name) {
        try (Gatehouse gatehouse = open()) {
            Account account = gatehouse.accounts().get(name);
            int revoked = gatehouse.sessions().revokeAll(account.id(), RevokeReason.REVOKED_BY_ADMIN);
            out().println("ended " + revoked + " session(s) of " + account.username());
        }
        return 0;
    }
}
