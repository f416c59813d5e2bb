package dev.gatehouse.server.cli;

import dev.gatehouse.core.error.GatehouseException;
import dev.gatehouse.server.config.InvalidSettingException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gatehouse} command line: {@code serve}, {@code account ...}, {@code sessions ...}.
 * Every command reads the same settings and acts on the same store as the server, so accounts
 * can be managed while the server is stopped.
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, version = "gatehouse 0.1.0",
        description = "Sessions and tokens from one authentication server.",
        subcommands = {ServeCommand.class, AccountCommand.class, SessionsCommand.class, KeysCommand.class,
                ClientCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        RuntimeDefaults.apply();
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /** Runs a command line and returns its exit code; the streams and environment are parameters for tests. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Logging.configure(System.Logger.Level.WARNING, false); // management commands print results, not logs; serve sets its level
        CommandLine cli = new CommandLine(new Main(), new Factory(env, in));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof GatehouseException g) {
                err.println("gatehouse: " + g.getMessage() + " (" + g.code() + ")");
                return 1;
            }
            if (e instanceof InvalidSettingException s) {
                err.println("gatehouse: " + s.getMessage());
                return 2;
            }
            // For example a port in use: say what failed, in one line, and exit instead of hanging.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("gatehouse: " + e.getMessage() + (root != e ? " (" + root.getMessage() + ")" : ""));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Hands the environment and standard input to the commands that need them. */
    record Factory(Map<String, String> env, InputStream in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(env));
            }
            if (StoreCommand.class.isAssignableFrom(type)) {
                return type.getDeclaredConstructor(Map.class, InputStream.class).newInstance(env, in);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
