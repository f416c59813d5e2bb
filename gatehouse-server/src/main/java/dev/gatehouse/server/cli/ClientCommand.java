package dev.gatehouse.server.cli;

import dev.gatehouse.core.client.Client;
import dev.gatehouse.server.Gatehouse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse client create|list}: registered clients. A client with a secret is
 * confidential (a resource server that introspects or follows the revocation feed); one without
 * is public (an app that signs users in).
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage clients.")
final class ClientCommand extends StoreCommand {

    ClientCommand(Map<String, String> env, InputStream in) {
        super(env, in);
    }

    @Command(name = "create", description = "Register a client.")
    int create(@Parameters(paramLabel = "ID") String id,
               @Option(names = "--secret-stdin", description = "Read the client secret (32+ characters) from standard input: "
                       + "a confidential client, for introspection and the revocation feed.") boolean secretStdin,
               @Option(names = "--audience", paramLabel = "AUD", description = "An audience it may ask for (repeatable; "
                       + "default: all configured).") List<String> audiences) throws IOException {
        String secret = secretStdin ? secretFromStdin() : null;
        try (Gatehouse gatehouse = open()) {
            Client client = gatehouse.clients().create(id, secret, Set.copyOf(audiences == null ? new ArrayList<>() : audiences));
            out().println("created " + (client.isConfidential() ? "confidential" : "public")
                    + " client " + client.id());
        }
        return 0;
    }

    @Command(name = "list", description = "List clients.")
    int list() {
        try (Gatehouse gatehouse = open()) {
            out().printf("%-32s %-13s %s%n", "ID", "KIND", "AUDIENCES");
            for (Client c : gatehouse.clients().list()) {
                out().printf("%-32s %-13s %s%n", c.id(), c.isConfidential() ? "confidential" : "public",
                        c.audiences().isEmpty() ? "(all)" : String.join(",", new TreeSet<>(c.audiences())));
            }
        }
        return 0;
    }

}
