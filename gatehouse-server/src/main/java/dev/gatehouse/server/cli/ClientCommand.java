package dev.gatehouse.server.cli;

import dev.gatehouse.core.audit.Actor;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.core.client.ClientRegistration;
import dev.gatehouse.core.client.Clients;
import dev.gatehouse.core.client.GrantType;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.NotFoundException;
import dev.gatehouse.server.Gatehouse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse client create|list|show}: registered clients and their registrations. A
 * client with a secret or keys is confidential (a server: a web application, a resource server
 * that introspects or follows the revocation feed); one without is public (an app that signs
 * users in). A secret Gatehouse makes is printed once: only its hash is kept.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage clients.")
final class ClientCommand extends StoreCommand {

    ClientCommand(Map<String, String> env, InputStream in) {
        super(env, in);
    }

    @Command(name = "create", description = "Register a client.")
    int create(@Parameters(paramLabel = "ID") String id,
               @Option(names = "--secret-stdin", description = "Read the client secret (32+ characters) from standard input "
                       + "instead of having Gatehouse make one: a confidential client.") boolean secretStdin,
               @Option(names = "--audience", paramLabel = "AUD", description = "An audience it may ask for (repeatable; "
                       + "default: all configured).") List<String> audiences,
               @Mixin RegistrationOptions options) throws IOException {
        String secret = secretStdin ? secretFromStdin() : null;
        ClientRegistration registration = options.registration(secretStdin);
        Set<String> allowed = Set.copyOf(audiences == null ? new ArrayList<>() : audiences);
        try (Gatehouse gatehouse = open()) {
            Client client;
            String made = null;
            if (secret != null || !registration.authMethod().usesSecret()) {
                client = gatehouse.clients().create(id, secret, allowed, registration, Actor.COMMAND_LINE);
            } else {
                Clients.Registered registered = gatehouse.clients().register(id, registration, allowed, Actor.COMMAND_LINE);
                client = registered.client();
                made = registered.secret();
            }
            out().println("created " + (client.isConfidential() ? "confidential" : "public")
                    + " client " + client.id());
            if (made != null) {
                out().println("secret (shown this once; only its hash is kept): " + made);
            }
        }
        return 0;
    }

    @Command(name = "show", description = "Show a client and its registration.")
    int show(@Parameters(paramLabel = "ID") String id) {
        try (Gatehouse gatehouse = open()) {
            Client c = gatehouse.clients().find(id).orElseThrow(
                    () -> new NotFoundException(ErrorCode.CLIENT_NOT_FOUND, "no registered client with this id"));
            ClientRegistration r = c.registration();
            line("id", c.id());
            line("name", r.name());
            line("kind", c.isConfidential() ? "confidential" : "public");
            line("auth method", r.authMethod().wireName());
            line("audiences", c.audiences().isEmpty() ? "(all)" : String.join(" ", new TreeSet<>(c.audiences())));
            line("redirect uris", String.join(" ", r.redirectUris()));
            line("post-logout uris", String.join(" ", r.postLogoutRedirectUris()));
            line("grant types", String.join(" ", r.grantTypes().stream().map(GrantType::wireName).sorted().toList()));
            line("scopes", String.join(" ", new TreeSet<>(r.scopes())));
            line("first party", Boolean.toString(r.firstParty()));
            line("access token", r.accessTokenLifetime() == null ? "(server's)" : r.accessTokenLifetime().toSeconds() + " s");
            line("grant lifetime", r.grantLifetime() == null ? "(session policy's)" : r.grantLifetime().toSeconds() + " s");
            line("back-channel", r.backchannelLogoutUri());
            line("jwks uri", r.jwksUri());
            line("jwks", r.jwks() == null ? null : r.jwks().length() + " characters");
            line("created", c.createdAt().toString());
        }
        return 0;
    }

    private void line(String label, String value) {
        out().printf("%-17s %s%n", label + ":", value == null || value.isEmpty() ? "-" : value);
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
