package dev.gatehouse.server.cli;

import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.server.Gatehouse;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse keys rotate|list}: signing keys on the configured store. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage signing keys.")
final class KeysCommand {

    @Mixin
    SettingsOptions options = new SettingsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    KeysCommand(Map<String, String> env) {
        this.env = env;
    }

    @Command(name = "rotate", description = "Make a new signing key. It is published at once and signs after one "
            + "JWKS cache lifetime; the current key keeps signing until then and stays published until its tokens expire.")
    int rotate() {
        try (Gatehouse gatehouse = open()) {
            gatehouse.signingKeys().ensureKey();
            SigningKey key = gatehouse.signingKeys().rotate();
            spec.commandLine().getOut().println("new " + key.algorithm() + " key " + key.kid()
                    + " published; it signs from " + key.activatesAt());
        }
        return 0;
    }

    @Command(name = "list", description = "List signing keys and their life cycle.")
    int list() {
        try (Gatehouse gatehouse = open()) {
            spec.commandLine().getOut().printf("%-24s %-6s %-26s %-26s %s%n", "KID", "ALG", "SIGNS FROM", "RETIRED", "UNPUBLISHED AT");
            for (SigningKey k : gatehouse.signingKeys().published()) {
                spec.commandLine().getOut().printf("%-24s %-6s %-26s %-26s %s%n", k.kid(), k.algorithm(), k.activatesAt(),
                        k.retiredAt() == null ? "-" : k.retiredAt(), k.expiresAt() == null ? "-" : k.expiresAt());
            }
        }
        return 0;
    }

    private Gatehouse open() {
        return Gatehouse.open(options.load(env), env, Clock.systemUTC());
    }
}
