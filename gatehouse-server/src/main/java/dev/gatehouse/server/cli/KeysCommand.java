package dev.gatehouse.server.cli;

import dev.gatehouse.core.key.SigningKey;
import dev.gatehouse.server.Gatehouse;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code gatehouse keys rotate|list}: signing keys on the configured store. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage signing keys.")
final class KeysCommand extends StoreCommand {

    KeysCommand(Map<String, String> env, InputStream in) {
        super(env, in);
    }

    @Command(name = "rotate", description = "Make a new signing key. It is published at once and signs after one "
            + "JWKS cache lifetime; the current key keeps signing until then and stays published until its tokens expire.")
    int rotate() {
        try (Gatehouse gatehouse = open()) {
            gatehouse.signingKeys().ensureKey();
            SigningKey key = gatehouse.signingKeys().rotate();
            out().println("new " + key.algorithm() + " key " + key.kid()
                    + " published; it signs from " + key.activatesAt());
        }
        return 0;
    }

    @Command(name = "list", description = "List signing keys and their life cycle.")
    int list() {
        try (Gatehouse gatehouse = open()) {
            out().printf("%-24s %-6s %-26s %-26s %s%n", "KID", "ALG", "SIGNS FROM", "RETIRED", "UNPUBLISHED AT");
            for (SigningKey k : gatehouse.signingKeys().published()) {
                out().printf("%-24s %-6s %-26s %-26s %s%n", k.kid(), k.algorithm(), k.activatesAt(),
                        k.retiredAt() == null ? "-" : k.retiredAt(), k.expiresAt() == null ? "-" : k.expiresAt());
            }
        }
        return 0;
    }

}
