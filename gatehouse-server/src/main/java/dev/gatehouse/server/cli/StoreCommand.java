package dev.gatehouse.server.cli;

import dev.gatehouse.server.Gatehouse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * What every management command shares: the settings flags, the store they choose, and the
 * streams. Secrets (passwords, client secrets) are read from standard input only, never from
 * arguments, which other users of the machine could see in the process list.
 */
abstract class StoreCommand {

    @Mixin
    SettingsOptions options = new SettingsOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final InputStream in;

    StoreCommand(Map<String, String> env, InputStream in) {
        this.env = env;
        this.in = in;
    }

    /** Opens the configured store; close it when done. */
    Gatehouse open() {
        return Gatehouse.open(options.load(env), env, Clock.systemUTC());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The first line of standard input, or an empty string when there is none. */
    String secretFromStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
