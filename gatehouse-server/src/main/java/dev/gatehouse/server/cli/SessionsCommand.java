package dev.gatehouse.server.cli;

import dev.gatehouse.core.account.Account;
import dev.gatehouse.core.session.RevokeReason;
import dev.gatehouse.server.Gatehouse;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatehouse sessions revoke --account NAME}: end every session of an account. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Manage sessions.")
final class SessionsCommand {

    @Mixin
    SettingsOptions options = new SettingsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    SessionsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Command(name = "revoke", description = "End every session of an account.")
    int revoke(@Option(names = "--account", required = true, paramLabel = "NAME") String name) {
        try (Gatehouse gatehouse = Gatehouse.open(options.load(env), env, Clock.systemUTC())) {
            Account account = gatehouse.accounts().get(name);
            int revoked = gatehouse.sessions().revokeAll(account.id(), RevokeReason.REVOKED_BY_ADMIN);
            spec.commandLine().getOut().println("ended " + revoked + " session(s) of " + account.username());
        }
        return 0;
    }
}
