package dev.gatehouse.server.cli;

import dev.gatehouse.server.Gatehouse;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.http.GatehouseServer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse serve}: runs the server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
final class ServeCommand implements Callable<Integer> {

    /** The exit status when the listener died under the running process. */
    static final int LISTENER_LOST = 3;

    private static final Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Mixin
    SettingsOptions options = new SettingsOptions();

    private final Map<String, String> env;

    ServeCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = options.load(env);
        Logging.configure(settings.logLevel(), true);
        Gatehouse gatehouse = Gatehouse.open(settings, env, Clock.systemUTC());
        GatehouseServer server = GatehouseServer.start(gatehouse);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean listenerLost = new AtomicBoolean();
        server.onListenerLost(() -> {
            listenerLost.set(true);
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            gatehouse.close();
            Logging.stop(); // writes the access lines still queued
            stopped.countDown();
        }, "gatehouse-shutdown"));
        System.out.println("Gatehouse listening on http://" + hostForUrl(settings.host()) + ":" + server.port()
                + " (store: " + settings.dataDirectory().toAbsolutePath().normalize() + ")");
        stopped.await();
        if (listenerLost.get()) {
            // Serving is over for this process, and the web server will not say so: end it, so that
            // a supervisor (systemd, Kubernetes) starts a new one. Exiting runs the shutdown hook.
            LOG.log(Level.ERROR, "the HTTP listener on " + hostForUrl(settings.host()) + ":" + server.port()
                    + " no longer accepts connections (see the web server's error above); exiting with status "
                    + LISTENER_LOST + " so that a supervisor restarts Gatehouse");
            return LISTENER_LOST;
        }
        return 0;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
