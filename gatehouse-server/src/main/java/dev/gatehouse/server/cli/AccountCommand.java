package dev.gatehouse.server.cli;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.server.Gatehouse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse account create|list|lock|unlock}: manage accounts on the configured store. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Manage accounts.")
final class AccountCommand extends StoreCommand {

    AccountCommand(Map<String, String> env, InputStream in) {
        super(env, in);
    }

    @Command(name = "create", description = "Create an account; the password is read from standard input.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--admin", description = "Give the account the admin role.") boolean admin,
               @Option(names = "--password-stdin", required = true,
                       description = "Read the password from the first line of standard input.") boolean passwordStdin)
            throws IOException {
        String password = secretFromStdin();
        try (Gatehouse gatehouse = open()) {
            Account account = gatehouse.accounts().create(name, password, admin);
            out().println("created account " + account.username() + (admin ? " (admin)" : ""));
        }
        return 0;
    }

    @Command(name = "passwd", description = "Set a new password (read from standard input) and end every session of the account.")
    int passwd(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--password-stdin", required = true,
                       description = "Read the password from the first line of standard input.") boolean passwordStdin)
            throws IOException {
        String password = secretFromStdin();
        try (Gatehouse gatehouse = open()) {
            gatehouse.accounts().resetPassword(name, password);
            out().println("password of " + name + " set; its sessions have ended");
        }
        return 0;
    }

    @Command(name = "list", description = "List accounts.")
    int list() {
        try (Gatehouse gatehouse = open()) {
            out().printf("%-32s %-12s %-8s %s%n", "USERNAME", "ROLES", "LOCKED", "CREATED");
            for (Account a : gatehouse.accounts().list()) {
                out().printf("%-32s %-12s %-8s %s%n", a.username(), String.join(",", new TreeSet<>(a.roles())),
                        a.locked() ? "yes" : "no", a.createdAt());
            }
        }
        return 0;
    }

    @Command(name = "lock", description = "Lock an account and end all its sessions.")
    int lock(@Parameters(paramLabel = "NAME") String name) {
        try (Gatehouse gatehouse = open()) {
            gatehouse.accounts().lock(name);
            out().println("locked " + name + "; its sessions have ended");
        }
        return 0;
    }

    @Command(name = "unlock", description = "Unlock an account.")
    int unlock(@Parameters(paramLabel = "NAME") String name) {
        try (Gatehouse gatehouse = open()) {
            gatehouse.accounts().unlock(name);
            out().println("unlocked " + name);
        }
        return 0;
    }

}
