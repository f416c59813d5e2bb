package dev.gatehouse.server;

import dev.gatehouse.server.config.Setting;
import dev.gatehouse.server.config.Settings;
import dev.gatehouse.server.http.GatehouseServer;
import dev.gatehouse.testsupport.MovableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A real Gatehouse server on port 0 over a real SQLite store in a temporary folder, with a clock
 * the test moves. Password hashing is made cheap so tests run fast; its real cost is measured in
 * benchmarks, not here.
 */
public final class TestServer implements AutoCloseable {

    public static final String ORIGIN = "https://gatehouse.test";
    public static final String PASSWORD = "correct horse battery staple";

    private final Path dataDirectory;
    private final Map<Setting, String> overrides;
    private final Map<String, String> env;
    public final MovableClock clock;
    private Gatehouse gatehouse;
    private GatehouseServer server;

    private TestServer(Path dataDirectory, Map<Setting, String> overrides, Map<String, String> env, MovableClock clock) {
        this.dataDirectory = dataDirectory;
        this.overrides = overrides;
        this.env = env;
        this.clock = clock;
    }

    /** One of several nodes: shared stores come in {@code overrides}, a shared master key in {@code env}. */
    public static TestServer startNode(Path dataDirectory, Map<Setting, String> overrides, Map<String, String> env,
                                       MovableClock clock) {
        TestServer t = new TestServer(dataDirectory, overrides, env, clock);
        t.boot();
        return t;
    }

    /** Starts the node again (after {@link #close()}), with the same settings and port. */
    public void start() {
        boot();
    }

    public static TestServer start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    public static TestServer start(Path dataDirectory, Map<Setting, String> overrides) {
        TestServer t = new TestServer(dataDirectory, overrides, Map.of(), new MovableClock(Instant.parse("2026-01-01T00:00:00Z")));
        t.boot();
        return t;
    }

    public Settings settings() {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        raw.put(Setting.SERVER_PORT, "0");
        raw.put(Setting.SERVER_PUBLIC_ORIGIN, ORIGIN);
        raw.put(Setting.STORE_DATA_DIR, dataDirectory.toString());
        raw.put(Setting.PASSWORD_MEMORY_KIB, "64");
        raw.put(Setting.PASSWORD_ITERATIONS, "1");
        raw.putAll(overrides);
        return Settings.from(raw);
    }

    private void boot() {
        gatehouse = Gatehouse.open(settings(), env, clock);
        server = GatehouseServer.start(gatehouse);
    }

    /** Stops the server and the store, then starts both again on the same folder. */
    public void restart() {
        close();
        boot();
    }

    public Gatehouse gatehouse() {
        return gatehouse;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public int port() {
        return server.port();
    }

    /** Creates an account with {@link #PASSWORD}. */
    public void createAccount(String name, boolean admin) {
        gatehouse.accounts().create(name, PASSWORD, admin);
    }

    @Override
    public void close() {
        server.close();
        gatehouse.close();
    }
}
